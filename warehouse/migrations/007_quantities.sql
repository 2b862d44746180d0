-- Quantities: the counts, amounts and targets a circular states beside its percentages, with the
-- anchors (project, indicator, county) of the percentage they stand before, so the figures of a
-- circular can be checked against each other (figure_checks). step is the place of the last
-- printed digit: the figure stands for anything within half a step of value.

CREATE TABLE quantities (
    sha256             VARCHAR NOT NULL,
    quantity_no        INTEGER NOT NULL,
    circular_id        VARCHAR NOT NULL,
    level              VARCHAR CHECK (level IN ('province', 'city')),
    project_no         INTEGER,
    project            VARCHAR NOT NULL,
    project_simplified VARCHAR,
    indicator          VARCHAR,
    county             VARCHAR,
    kind               VARCHAR NOT NULL CHECK (kind IN ('done', 'target', 'amount')),
    value              DOUBLE NOT NULL,
    unit               VARCHAR NOT NULL,
    step               DOUBLE NOT NULL CHECK (step > 0),
    section            VARCHAR NOT NULL
                       CHECK (section IN ('attachment1', 'attachment2', 'body', 'table')),
    page               INTEGER,
    line               INTEGER NOT NULL,
    start_pos          INTEGER NOT NULL,
    end_pos            INTEGER NOT NULL,
    source_text        VARCHAR NOT NULL,
    load_id            VARCHAR NOT NULL,
    PRIMARY KEY (sha256, quantity_no)
);

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

-- A third kind of alert: 'inconsistent', a figure of a circular that does not agree with another
-- (figure_checks). metric and metric_key hold the rule, from_value what the other figures give,
-- to_value the figure as printed. DuckDB cannot alter a CHECK constraint: the table is rebuilt.
CREATE TABLE alerts_v7 (
    id               VARCHAR PRIMARY KEY,
    kind             VARCHAR NOT NULL CHECK (kind IN ('drop', 'behind_schedule', 'inconsistent')),
    state            VARCHAR NOT NULL CHECK (state IN ('firing', 'resolved')),
    city             VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    level            VARCHAR NOT NULL,
    project_no       INTEGER NOT NULL,
    project_key      VARCHAR NOT NULL,
    project          VARCHAR NOT NULL,
    indicator        VARCHAR,
    county           VARCHAR,
    metric           VARCHAR,
    metric_key       VARCHAR NOT NULL,
    from_period      VARCHAR,
    to_period        VARCHAR NOT NULL,
    from_value       DOUBLE,
    to_value         DOUBLE,
    pace             DOUBLE,
    source_text      VARCHAR,
    sha256           VARCHAR,
    page             INTEGER,
    line             INTEGER,
    first_seen       TIMESTAMP NOT NULL,
    last_seen        TIMESTAMP NOT NULL,
    resolved_at      TIMESTAMP,
    last_notified    TIMESTAMP,
    resolved_period  VARCHAR
);
INSERT INTO alerts_v7 BY NAME SELECT * FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v7 RENAME TO alerts;

-- Facts of any place: circulars of a province, a city or a county, and news reports with no
-- numbered items. A fact's level (province / city list) and project number are optional; a
-- fact read from a table outside a numbered attachment has section 'table'; a county mention
-- may name a unit with no status; the project's simplified name is kept where the document
-- prints it in traditional characters. The publishing place's level is kept per document.
-- DuckDB cannot drop a CHECK constraint, so the two tables are rebuilt.

CREATE TABLE facts_v5 (
    sha256             VARCHAR NOT NULL,
    fact_no            INTEGER NOT NULL,
    circular_id        VARCHAR NOT NULL,
    level              VARCHAR CHECK (level IN ('province', 'city')),
    category_no        INTEGER,
    category           VARCHAR,
    project_no         INTEGER,
    project            VARCHAR NOT NULL,
    project_simplified VARCHAR,
    indicator          VARCHAR,
    county             VARCHAR,
    metric             VARCHAR NOT NULL,
    value              DOUBLE NOT NULL,
    status             VARCHAR CHECK (status IN ('behind_schedule')),
    section            VARCHAR NOT NULL
                       CHECK (section IN ('attachment1', 'attachment2', 'body', 'table')),
    page               INTEGER,
    line               INTEGER NOT NULL,
    start_pos          INTEGER NOT NULL,
    end_pos            INTEGER NOT NULL,
    source_text        VARCHAR NOT NULL,
    load_id            VARCHAR NOT NULL,
    PRIMARY KEY (sha256, fact_no)
);
INSERT INTO facts_v5
SELECT sha256, fact_no, circular_id, level, category_no, category, project_no, project, NULL,
       indicator, county, metric, value, status, section, page, line, start_pos, end_pos,
       source_text, load_id
FROM facts;
DROP TABLE facts;
ALTER TABLE facts_v5 RENAME TO facts;

CREATE TABLE county_mentions_v5 (
    sha256       VARCHAR NOT NULL,
    mention_no   INTEGER NOT NULL,
    circular_id  VARCHAR NOT NULL,
    county       VARCHAR NOT NULL,
    level        VARCHAR CHECK (level IN ('province', 'city')),
    project_no   INTEGER,
    status       VARCHAR,
    section      VARCHAR NOT NULL
                 CHECK (section IN ('attachment1', 'attachment2', 'body', 'table')),
    page         INTEGER,
    line         INTEGER NOT NULL,
    start_pos    INTEGER NOT NULL,
    end_pos      INTEGER NOT NULL,
    source_text  VARCHAR NOT NULL,
    load_id      VARCHAR NOT NULL,
    PRIMARY KEY (sha256, mention_no)
);
INSERT INTO county_mentions_v5 SELECT * FROM county_mentions;
DROP TABLE county_mentions;
ALTER TABLE county_mentions_v5 RENAME TO county_mentions;

ALTER TABLE documents ADD COLUMN place_level VARCHAR;

-- 001_core: load runs, documents, circulars and everything read from a circular.
-- Timestamps are UTC. Rows read from a document carry its sha256 and the load that wrote them.
-- Column names follow the fields of schemas.circular.

CREATE TABLE load_runs (
    load_id            VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')),
    trigger            VARCHAR NOT NULL,
    documents_seen     INTEGER NOT NULL DEFAULT 0,
    documents_loaded   INTEGER NOT NULL DEFAULT 0,
    documents_skipped  INTEGER NOT NULL DEFAULT 0,
    documents_failed   INTEGER NOT NULL DEFAULT 0,
    parser_version     VARCHAR NOT NULL,
    message            VARCHAR
);

CREATE TABLE documents (
    sha256              VARCHAR PRIMARY KEY,
    source              VARCHAR NOT NULL,
    filename            VARCHAR,
    media_type          VARCHAR,
    pages               INTEGER,
    size_bytes          BIGINT,
    fetched_at          TIMESTAMP NOT NULL,
    status              VARCHAR NOT NULL CHECK (status IN ('parsed', 'failed', 'quarantined')),
    error_reason        VARCHAR,
    error_message       VARCHAR,
    parser_version      VARCHAR,
    archive_path        VARCHAR,
    load_id             VARCHAR NOT NULL,
    circular_id         VARCHAR,
    -- the circular meta as read from this document (NULL when it was not parsed)
    city                VARCHAR,
    year                INTEGER,
    period_start_month  INTEGER,
    period_end_month    INTEGER,
    issued              DATE,
    issuer              VARCHAR,
    title               VARCHAR
);

CREATE TABLE circulars (
    circular_id           VARCHAR PRIMARY KEY,
    city                  VARCHAR NOT NULL,
    year                  INTEGER NOT NULL,
    period_start_month    INTEGER NOT NULL CHECK (period_start_month BETWEEN 1 AND 12),
    period_end_month      INTEGER NOT NULL CHECK (period_end_month BETWEEN 1 AND 12),
    title                 VARCHAR,
    issuer                VARCHAR,
    issued                DATE,
    authoritative_sha256  VARCHAR NOT NULL,
    load_id               VARCHAR NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);

CREATE TABLE circular_documents (
    circular_id  VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    role         VARCHAR NOT NULL CHECK (role IN ('authoritative', 'duplicate', 'superseded')),
    reason       VARCHAR NOT NULL,
    PRIMARY KEY (circular_id, sha256)
);

CREATE TABLE facts (
    sha256       VARCHAR NOT NULL,
    fact_no      INTEGER NOT NULL,
    circular_id  VARCHAR NOT NULL,
    level        VARCHAR NOT NULL CHECK (level IN ('province', 'city')),
    category_no  INTEGER,
    category     VARCHAR,
    project_no   INTEGER NOT NULL,
    project      VARCHAR NOT NULL,
    indicator    VARCHAR,
    county       VARCHAR,
    metric       VARCHAR NOT NULL,
    value        DOUBLE NOT NULL,
    status       VARCHAR CHECK (status IN ('behind_schedule')),
    section      VARCHAR NOT NULL CHECK (section IN ('attachment1', 'attachment2', 'body')),
    page         INTEGER,
    line         INTEGER NOT NULL,
    start_pos    INTEGER NOT NULL,
    end_pos      INTEGER NOT NULL,
    source_text  VARCHAR NOT NULL,
    load_id      VARCHAR NOT NULL,
    PRIMARY KEY (sha256, fact_no)
);

CREATE TABLE county_mentions (
    sha256       VARCHAR NOT NULL,
    mention_no   INTEGER NOT NULL,
    circular_id  VARCHAR NOT NULL,
    county       VARCHAR NOT NULL,
    level        VARCHAR CHECK (level IN ('province', 'city')),
    project_no   INTEGER,
    status       VARCHAR NOT NULL,
    section      VARCHAR NOT NULL CHECK (section IN ('attachment1', 'attachment2', 'body')),
    page         INTEGER,
    line         INTEGER NOT NULL,
    start_pos    INTEGER NOT NULL,
    end_pos      INTEGER NOT NULL,
    source_text  VARCHAR NOT NULL,
    load_id      VARCHAR NOT NULL,
    PRIMARY KEY (sha256, mention_no)
);

CREATE TABLE county_scores (
    sha256       VARCHAR NOT NULL,
    score_no     INTEGER NOT NULL,
    circular_id  VARCHAR NOT NULL,
    county       VARCHAR NOT NULL,
    metric       VARCHAR NOT NULL,
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,
    page         INTEGER,
    line         INTEGER NOT NULL,
    start_pos    INTEGER NOT NULL,
    end_pos      INTEGER NOT NULL,
    source_text  VARCHAR NOT NULL,
    load_id      VARCHAR NOT NULL,
    PRIMARY KEY (sha256, score_no)
);

CREATE TABLE project_entries (
    sha256         VARCHAR NOT NULL,
    entry_no       INTEGER NOT NULL,
    circular_id    VARCHAR NOT NULL,
    level          VARCHAR NOT NULL CHECK (level IN ('province', 'city')),
    category_no    INTEGER,
    category       VARCHAR,
    project_no     INTEGER NOT NULL,
    project        VARCHAR NOT NULL,
    state          VARCHAR NOT NULL
                   CHECK (state IN ('reported', 'completed', 'tracked_elsewhere', 'no_figure')),
    progress_text  VARCHAR NOT NULL,
    page           INTEGER,
    line           INTEGER,
    start_pos      INTEGER,
    end_pos        INTEGER,
    source_text    VARCHAR,
    load_id        VARCHAR NOT NULL,
    PRIMARY KEY (sha256, entry_no)
);

CREATE TABLE parse_reports (
    sha256            VARCHAR PRIMARY KEY,
    lines_read        INTEGER NOT NULL,
    lines_with_facts  INTEGER NOT NULL,
    missed            JSON NOT NULL,
    warnings          JSON NOT NULL,
    parser_version    VARCHAR NOT NULL
);

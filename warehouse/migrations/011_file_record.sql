-- 011_file_record: every file a source names, with what became of it; runs cut short.
-- source_files holds one row per file path or URL a source gave (last run's outcome): loaded,
-- skipped, quarantined, failed or ignored, with a reason code (unsupported, legacy_format,
-- hidden, symlink, not_a_file, unreadable, too_large, same_bytes …) and a message. Files that
-- never reached the documents table (unreadable, ignored) are accounted for here.
-- load_runs learns the status 'interrupted': a run whose process ended without closing its row
-- (killed, crashed) is marked so by the next run that takes the writer lock.

CREATE TABLE source_files (
    location    VARCHAR PRIMARY KEY,
    source      VARCHAR NOT NULL,
    filename    VARCHAR,
    outcome     VARCHAR NOT NULL
        CHECK (outcome IN ('loaded', 'skipped', 'quarantined', 'failed', 'ignored')),
    reason      VARCHAR NOT NULL,
    message     VARCHAR,
    sha256      VARCHAR,
    size_bytes  BIGINT,
    load_id     VARCHAR NOT NULL,
    seen_at     TIMESTAMP NOT NULL
);

CREATE TABLE load_runs_011 (
    load_id            VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL
        CHECK (status IN ('running', 'ok', 'partial', 'failed', 'interrupted')),
    trigger            VARCHAR NOT NULL,
    documents_seen     INTEGER NOT NULL DEFAULT 0,
    documents_loaded   INTEGER NOT NULL DEFAULT 0,
    documents_skipped  INTEGER NOT NULL DEFAULT 0,
    documents_failed   INTEGER NOT NULL DEFAULT 0,
    parser_version     VARCHAR NOT NULL,
    message            VARCHAR
);
INSERT INTO load_runs_011 SELECT * FROM load_runs;
DROP TABLE load_runs;
ALTER TABLE load_runs_011 RENAME TO load_runs;

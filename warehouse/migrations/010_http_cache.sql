-- 010_http_cache: what the pipeline knows of every URL it fetches, for conditional GETs.
-- One row per URL: the validators the server gave (ETag, Last-Modified), the sha256 and file
-- name of the copy kept in the archive (NULL for listing pages), and the last outcome.
-- Timestamps are UTC.

CREATE TABLE http_cache (
    url            VARCHAR PRIMARY KEY,
    etag           VARCHAR,
    last_modified  VARCHAR,
    sha256         VARCHAR,
    filename       VARCHAR,
    status_code    INTEGER,
    error          VARCHAR,
    checked_at     TIMESTAMP NOT NULL,
    changed_at     TIMESTAMP
);

-- Files that gave no circular: quarantined (the file's fault) or failed (retried next run).
CREATE OR REPLACE VIEW quarantine_v AS
SELECT
    d.sha256,
    d.source,
    d.filename,
    d.media_type,
    d.status,
    d.error_reason,
    d.error_message,
    d.fetched_at,
    d.parser_version,
    d.archive_path,
    d.load_id
FROM documents d
WHERE d.status IN ('quarantined', 'failed');

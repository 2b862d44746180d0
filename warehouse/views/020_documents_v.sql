-- Every document seen, with its status, its circular and its role there (NULL unless parsed and
-- placed). placement is 'placed', or why a parsed document is in no circular ('period_unknown',
-- 'place_unknown', with placement_note); meta_sources says where each meta value was read.
CREATE OR REPLACE VIEW documents_v AS
SELECT
    d.sha256,
    d.source,
    d.filename,
    d.media_type,
    d.pages,
    d.size_bytes,
    d.fetched_at,
    d.status,
    d.error_reason,
    d.error_message,
    d.parser_version,
    d.circular_id,
    d.city,
    d.year,
    d.period_start_month,
    d.period_end_month,
    d.issued,
    d.place_level,
    d.placement,
    d.placement_note,
    d.meta_sources,
    cd.role,
    cd.reason AS role_reason,
    (SELECT count(*) FROM facts f WHERE f.sha256 = d.sha256) AS facts,
    d.archive_path,
    d.load_id
FROM documents d
LEFT JOIN circular_documents cd ON cd.sha256 = d.sha256 AND cd.circular_id = d.circular_id;

-- One row per circular (a city's report for one period), with its authoritative document.
CREATE OR REPLACE VIEW circulars_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    c.issuer,
    c.title,
    c.authoritative_sha256 AS sha256,
    d.filename,
    d.source,
    d.media_type,
    d.pages,
    (SELECT count(*) FROM circular_documents cd WHERE cd.circular_id = c.circular_id)
        AS documents,
    (SELECT count(*) FROM facts f WHERE f.sha256 = c.authoritative_sha256) AS facts,
    c.load_id,
    c.updated_at
FROM circulars c
JOIN documents d ON d.sha256 = c.authoritative_sha256;

-- Counties singled out with a status (未达序时, 清零到位 …) in authoritative documents.
CREATE OR REPLACE VIEW county_mentions_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    m.county,
    m.level,
    m.project_no,
    m.status,
    m.section,
    m.sha256,
    m.mention_no,
    m.page,
    m.line,
    m.source_text
FROM county_mentions m
JOIN circulars c ON c.authoritative_sha256 = m.sha256;

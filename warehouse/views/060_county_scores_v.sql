-- County scores (e.g. 信息公开 points) in authoritative documents.
CREATE OR REPLACE VIEW county_scores_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    s.county,
    s.metric,
    s.value,
    s.unit,
    s.sha256,
    s.score_no,
    s.page,
    s.line,
    s.source_text
FROM county_scores s
JOIN circulars c ON c.authoritative_sha256 = s.sha256;

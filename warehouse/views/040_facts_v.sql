-- One row per progress figure of an authoritative document, with its circular and provenance.
CREATE OR REPLACE VIEW facts_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    f.level,
    f.category_no,
    f.category,
    f.project_no,
    f.project,
    f.project_simplified,
    f.indicator,
    f.county,
    f.metric,
    f.value,
    f.status,
    f.section,
    f.sha256,
    f.fact_no,
    f.page,
    f.line,
    f.start_pos,
    f.end_pos,
    f.source_text,
    d.filename,
    d.source
FROM facts f
JOIN circulars c ON c.authoritative_sha256 = f.sha256
JOIN documents d ON d.sha256 = f.sha256;

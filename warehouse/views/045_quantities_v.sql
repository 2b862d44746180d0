-- One row per quantity (count, amount, target) of an authoritative document, with its circular
-- and provenance; ``printed`` is the figure as it stands in source_text.
CREATE OR REPLACE VIEW quantities_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    q.level,
    q.project_no,
    q.project,
    q.project_simplified,
    q.indicator,
    q.county,
    q.kind,
    q.value,
    q.unit,
    q.step,
    q.section,
    substring(q.source_text, q.start_pos + 1, q.end_pos - q.start_pos) AS printed,
    q.sha256,
    q.quantity_no,
    q.page,
    q.line,
    q.start_pos,
    q.end_pos,
    q.source_text,
    d.filename,
    d.source
FROM quantities q
JOIN circulars c ON c.authoritative_sha256 = q.sha256
JOIN documents d ON d.sha256 = q.sha256;

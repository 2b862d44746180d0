-- The project catalogue (attachment table rows) of authoritative documents.
CREATE OR REPLACE VIEW project_entries_v AS
SELECT
    c.circular_id,
    c.city,
    c.year,
    c.period_start_month,
    c.period_end_month,
    c.issued,
    e.level,
    e.category_no,
    e.category,
    e.project_no,
    e.project,
    e.state,
    e.progress_text,
    e.sha256,
    e.entry_no,
    e.page,
    e.line,
    e.source_text
FROM project_entries e
JOIN circulars c ON c.authoritative_sha256 = e.sha256;

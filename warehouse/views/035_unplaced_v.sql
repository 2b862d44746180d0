-- Parsed documents that could not be placed in a circular: the text (and its page's URL or
-- headers) does not state the publishing place, the year or the months reported. Their facts
-- are in unplaced_facts_v; they stay out of circulars, progress_series and alerts.
CREATE OR REPLACE VIEW unplaced_v AS
SELECT
    d.sha256,
    d.source,
    d.filename,
    d.placement,
    d.placement_note,
    d.city,
    d.place_level,
    d.year,
    d.period_start_month,
    d.period_end_month,
    d.issued,
    d.title,
    d.meta_sources,
    (SELECT count(*) FROM facts f WHERE f.sha256 = d.sha256) AS facts,
    d.fetched_at,
    d.load_id
FROM documents d
WHERE d.status = 'parsed' AND d.circular_id IS NULL;

-- The facts of those documents, with what is known of their place and time (NULL where the
-- text does not say).
CREATE OR REPLACE VIEW unplaced_facts_v AS
SELECT
    d.placement,
    d.placement_note,
    d.city,
    d.year,
    d.period_start_month,
    d.period_end_month,
    d.issued,
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
    f.confidence,
    f.needs_review,
    f.review_reason,
    d.filename,
    d.source
FROM facts f
JOIN documents d ON d.sha256 = f.sha256
WHERE d.status = 'parsed' AND d.circular_id IS NULL;

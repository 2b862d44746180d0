-- progress_series: one row per series and period, with the previous value of that series.
--
-- A series is (city, year, project_key, indicator, county, metric_key): project_key comes from
-- project identity (warehouse.projects), so a renamed project stays one series; metric_key is ''
-- (a label change such as 进度 → 完成率 stays one series) unless the project reports two metrics
-- for the same indicator and county in one attachment of one circular (开工率 and 计划投资完成率),
-- then it is the metric, and metric_set lists the metrics that circular gave (a drop is only
-- read between periods with the same set: a circular that lost an indicator label reports
-- different things under the same metric).
-- Indicator labels lost in one circular: when a project's whole-project attachment figures are
-- all unlabelled there, but another circular gave the same number of figures each with its own
-- indicator, they take those indicators in reading order (nearest such circular;
-- indicator_inferred says so). A project that never labels them (开工率/计划投资完成率) is left
-- as it is.
-- Only authoritative documents count (facts_v), so a circular loaded as PDF and as text counts
-- once. A body figure that repeats a value the attachment gives for the same project in the
-- same circular is left out (the body restates the tables, often naming them differently); a
-- 未达序时 it says of that figure stays with the attachment figure.
-- Per series and period one figure is kept: an attachment figure before a body figure, then
-- the cumulative circular (1-N月) before a shorter period, then the latest issue. status is
-- behind_schedule when any figure of that series in the chosen circular is flagged.
-- prev_* is the last EARLIER period in which the series had a value, so a county named only
-- when it lags, or a project reported complete with no figure, does not break the series.
-- pace is 序时进度, the share of the year elapsed: period_end_month / 12 * 100.
-- Facts of rows waiting in project_review have no project_key and are left out, and so are
-- facts flagged needs_review (an OCR figure not yet confirmed): no series, no alert from them.
-- A fact with no level or number (a report with no numbered list of projects) is identified
-- as the place's own list ('city'), number 0, by its name in simplified characters, as in
-- warehouse.projects.
CREATE OR REPLACE VIEW progress_series AS
WITH matched AS (
    SELECT fv.* REPLACE (
               coalesce(fv.level, 'city') AS level, coalesce(fv.project_no, 0) AS project_no
           ),
           o.project_key
    FROM facts_v fv
    JOIN project_occurrences o
      ON o.circular_id = fv.circular_id
     AND o.level = coalesce(fv.level, 'city')
     AND o.project_no = coalesce(fv.project_no, 0)
     AND o.project = coalesce(fv.project_simplified, fv.project)
    WHERE o.project_key IS NOT NULL AND NOT fv.needs_review
),
whole AS (
    SELECT
        m.project_key, m.circular_id, m.period_end_month, m.sha256, m.fact_no, m.indicator,
        row_number() OVER (PARTITION BY m.project_key, m.circular_id ORDER BY m.fact_no) AS pos,
        count(*) OVER (PARTITION BY m.project_key, m.circular_id) AS n,
        count(m.indicator) OVER (PARTITION BY m.project_key, m.circular_id) AS n_labelled
    FROM matched m
    WHERE m.section <> 'body' AND m.county IS NULL
),
layouts AS (
    SELECT project_key, circular_id, any_value(period_end_month) AS period_end_month,
           any_value(n) AS n
    FROM whole
    WHERE n_labelled = n AND n >= 2
    GROUP BY project_key, circular_id
    HAVING count(DISTINCT indicator) = any_value(n)
),
unlabelled AS (
    SELECT DISTINCT project_key, circular_id, period_end_month, n
    FROM whole
    WHERE n_labelled = 0 AND n >= 2
),
reference AS (
    SELECT
        u.project_key, u.circular_id, l.circular_id AS ref_id,
        row_number() OVER (
            PARTITION BY u.project_key, u.circular_id
            ORDER BY abs(l.period_end_month - u.period_end_month), l.period_end_month,
                     l.circular_id
        ) AS rank
    FROM unlabelled u
    JOIN layouts l
      ON l.project_key = u.project_key AND l.n = u.n AND l.circular_id <> u.circular_id
),
fills AS (
    SELECT w.sha256, w.fact_no, ref.indicator
    FROM reference r
    JOIN whole w ON w.project_key = r.project_key AND w.circular_id = r.circular_id
    JOIN whole ref
      ON ref.project_key = r.project_key AND ref.circular_id = r.ref_id AND ref.pos = w.pos
    WHERE r.rank = 1
),
labelled AS (
    SELECT
        m.* REPLACE (coalesce(m.indicator, f.indicator) AS indicator),
        f.indicator IS NOT NULL AS indicator_inferred
    FROM matched m
    LEFT JOIN fills f ON f.sha256 = m.sha256 AND f.fact_no = m.fact_no
),
kept AS (
    SELECT l.* REPLACE (
        CASE WHEN l.status = 'behind_schedule' OR (l.section <> 'body' AND EXISTS (
            SELECT 1 FROM labelled b
            WHERE b.project_key = l.project_key AND b.circular_id = l.circular_id
              AND b.section = 'body' AND b.status = 'behind_schedule'
              AND abs(b.value - l.value) < 0.005
              AND (b.county IS NULL OR b.county = l.county)
        )) THEN 'behind_schedule' END AS status
    )
    FROM labelled l
    WHERE l.section <> 'body'
       OR NOT EXISTS (
            SELECT 1 FROM labelled a
            WHERE a.project_key = l.project_key AND a.circular_id = l.circular_id
              AND a.section <> 'body' AND abs(a.value - l.value) < 0.005
              AND (l.county IS NULL OR a.county IS NULL OR a.county = l.county)
       )
),
multi_metric AS (
    SELECT DISTINCT project_key, indicator, county
    FROM (
        SELECT project_key, indicator, county
        FROM kept
        WHERE section <> 'body'
        GROUP BY project_key, indicator, county, circular_id, section
        HAVING count(DISTINCT metric) > 1
    )
),
keyed AS (
    SELECT
        m.*,
        CASE WHEN mm.project_key IS NULL THEN '' ELSE m.metric END AS metric_key,
        CASE WHEN mm.project_key IS NULL THEN '' ELSE array_to_string(list_sort(list_distinct(
            list(m.metric) OVER (
                PARTITION BY m.project_key, m.indicator, m.county, m.circular_id, m.section
            )
        )), ',') END AS metric_set
    FROM kept m
    LEFT JOIN multi_metric mm
      ON mm.project_key = m.project_key
     AND mm.indicator IS NOT DISTINCT FROM m.indicator
     AND mm.county IS NOT DISTINCT FROM m.county
),
ranked AS (
    SELECT
        k.*,
        row_number() OVER (
            PARTITION BY k.project_key, k.indicator, k.county, k.metric_key, k.period_end_month
            ORDER BY
                CASE WHEN k.section = 'body' THEN 1 ELSE 0 END,
                k.period_start_month,
                k.issued DESC NULLS LAST,
                k.circular_id,
                k.page NULLS FIRST,
                k.line,
                k.start_pos
        ) AS pick,
        bool_or(k.status = 'behind_schedule') OVER (
            PARTITION BY k.project_key, k.indicator, k.county, k.metric_key, k.circular_id
        ) AS flagged
    FROM keyed k
),
chosen AS (
    SELECT
        r.*,
        lag(r.value) OVER w AS prev_value,
        lag(r.period_end_month) OVER w AS prev_period_end_month
    FROM ranked r
    WHERE r.pick = 1
    WINDOW w AS (
        PARTITION BY r.project_key, r.indicator, r.county, r.metric_key
        ORDER BY r.period_end_month
    )
)
SELECT
    c.city,
    c.year,
    c.level,
    p.project_no,
    c.project_key,
    p.canonical_name AS project,
    c.project AS project_as_printed,
    c.indicator,
    c.indicator_inferred,
    c.county,
    c.metric,
    c.metric_key,
    c.metric_set,
    c.project_key || '|' || coalesce(c.indicator, '') || '|' || coalesce(c.county, '') || '|'
        || c.metric_key AS series_key,
    c.period_end_month,
    printf('%04d-%02d', c.year, c.period_end_month) AS period,
    c.value,
    c.prev_period_end_month,
    CASE WHEN c.prev_period_end_month IS NOT NULL
         THEN printf('%04d-%02d', c.year, c.prev_period_end_month) END AS prev_period,
    c.prev_value,
    round(c.value - c.prev_value, 4) AS delta,
    round(c.period_end_month / 12.0 * 100, 2) AS pace,
    round(c.value - c.period_end_month / 12.0 * 100, 2) AS gap_to_pace,
    CASE WHEN c.flagged THEN 'behind_schedule' END AS status,
    c.section,
    c.circular_id,
    c.source_text,
    c.sha256,
    c.page,
    c.line
FROM chosen c
JOIN projects p ON p.project_key = c.project_key;

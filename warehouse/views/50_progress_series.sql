-- progress_series: one row per series and period, with the previous value of that series.
--
-- A series is (city, year, project_key, indicator, county, metric_key): project_key comes from
-- project identity (warehouse.projects), so a renamed project stays one series; metric_key is ''
-- (a label change such as 进度 → 完成率 stays one series) unless the project reports two metrics
-- for the same indicator and county in one section of one circular (开工率 and 计划投资完成率),
-- then it is the metric, and metric_set lists the metrics that circular gave (a drop is only
-- read between periods with the same set: a circular that lost an indicator label reports
-- different things under the same metric).
-- Only authoritative documents count (facts_v), so a circular loaded as PDF and as text counts
-- once. Per series and period one figure is kept: an attachment figure before a body figure
-- (the body repeats the tables), then the cumulative circular (1-N月) before a shorter period,
-- then the latest issue. status is behind_schedule when any figure of that series in the chosen
-- circular is flagged (the body often flags what the table only states).
-- prev_* is the last EARLIER period in which the series had a value, so a county named only
-- when it lags, or a project reported complete with no figure, does not break the series.
-- pace is 序时进度, the share of the year elapsed: period_end_month / 12 * 100.
-- Facts of rows waiting in project_review have no project_key and are left out.
CREATE OR REPLACE VIEW progress_series AS
WITH matched AS (
    SELECT fv.*, o.project_key
    FROM facts_v fv
    JOIN project_occurrences o
      ON o.circular_id = fv.circular_id
     AND o.level = fv.level
     AND o.project_no = fv.project_no
     AND o.project = fv.project
    WHERE o.project_key IS NOT NULL
),
multi_metric AS (
    SELECT DISTINCT project_key, indicator, county
    FROM (
        SELECT project_key, indicator, county
        FROM matched
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
    FROM matched m
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

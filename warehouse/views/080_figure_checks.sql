-- figure_checks: figures of the circulars that do not agree with each other, one row per
-- inconsistency, both figures quoted with where they stand. Each rule has its tolerance; a
-- printed figure stands for anything within half the place of its last digit (step), so
-- "2万户" allows 15000–25000 and "29.34%" 29.335–29.345.
--
-- ratio          done / target of one unit, project, indicator and county disagrees with every
--                percentage stated for them (612户 of 1500户 is 40.80%, not 42.80%); only where
--                the unit has one done and one target figure, and the done figure over no
--                other stated amount of the unit agrees either (a % of a part of the plan:
--                "计划投入…，其中省级承担…，已下达…，完成计划的…"). Tolerance: the rounding of
--                the three printed figures + 0.01 points.
-- county_share   a county's done count is larger than the whole's, same project and unit.
-- county_sum     the done counts of two or more counties add up to more than the whole's
--                (beyond the rounding of the printed figures), where no county alone does.
-- direction      month over month, a series' cumulative done count goes down while its
--                percentage goes up, or the other way round (beyond rounding + 0.01 points);
--                series of one metric only, attachment figures only.
-- over_100       a percentage above 150 with no note of over-fulfilment in its text (超额, 超过,
--                提前完成, "完成年度目标任务的…%" …) and no done / target pair that bears it out.
-- body_vs_table  the body prints a figure of a numbered project (same county and indicator)
--                differently from the one figure its attachment gives.
CREATE OR REPLACE VIEW figure_checks AS
WITH fq AS (
    SELECT
        f.*,
        10 ^ (-length(coalesce(regexp_extract(
            substring(f.source_text, f.start_pos + 1, f.end_pos - f.start_pos), '\.(\d+)', 1
        ), ''))) AS pct_step
    FROM facts_v f
),
q_units AS (
    SELECT
        q.*,
        count(*) OVER (
            PARTITION BY q.sha256, q.section, q.level, q.project_no, q.project, q.indicator,
                         q.county, q.kind, q.unit
        ) AS n_same
    FROM quantities_v q
),
pairs AS (
    SELECT
        d.sha256, d.circular_id, d.city, d.year, d.period_end_month, d.section, d.level,
        d.project_no, d.project, d.indicator, d.county, d.unit, d.filename,
        d.value AS done, d.step AS done_step, t.value AS target, t.step AS target_step,
        d.printed AS done_printed, t.printed AS target_printed,
        d.source_text AS done_text, d.page AS done_page, d.line AS done_line,
        t.source_text AS target_text, t.page AS target_page, t.line AS target_line,
        d.quantity_no AS done_no, t.kind AS base_kind,
        (d.value - d.step / 2) / (t.value + t.step / 2) * 100 AS lo,
        CASE WHEN t.value - t.step / 2 > 0
             THEN (d.value + d.step / 2) / (t.value - t.step / 2) * 100
             ELSE 'infinity'::DOUBLE END AS hi
    FROM q_units d
    JOIN q_units t
      ON t.sha256 = d.sha256 AND t.section = d.section
     AND t.level IS NOT DISTINCT FROM d.level
     AND t.project_no IS NOT DISTINCT FROM d.project_no
     AND t.project = d.project
     AND t.indicator IS NOT DISTINCT FROM d.indicator
     AND t.county IS NOT DISTINCT FROM d.county
     AND t.unit = d.unit
    WHERE d.kind = 'done' AND t.kind IN ('target', 'amount') AND d.n_same = 1
      AND t.n_same = 1 AND t.value > 0
),
pair_facts AS (
    SELECT
        p.*,
        f.value AS stated, f.pct_step, f.fact_no,
        substring(f.source_text, f.start_pos + 1, f.end_pos - f.start_pos) AS stated_printed,
        f.source_text AS fact_text, f.page AS fact_page, f.line AS fact_line,
        p.hi >= f.value - f.pct_step / 2 - 0.01 AND p.lo <= f.value + f.pct_step / 2 + 0.01
            AS agrees
    FROM pairs p
    JOIN fq f
      ON f.sha256 = p.sha256 AND f.section = p.section
     AND f.level IS NOT DISTINCT FROM p.level
     AND f.project_no IS NOT DISTINCT FROM p.project_no
     AND f.project = p.project
     AND f.indicator IS NOT DISTINCT FROM p.indicator
     AND f.county IS NOT DISTINCT FROM p.county
),
ratio AS (
    SELECT
        *,
        bool_or(agrees) OVER (
            PARTITION BY sha256, section, level, project_no, project, indicator, county
        ) AS any_agrees,
        row_number() OVER (
            PARTITION BY sha256, section, level, project_no, project, indicator, county
            ORDER BY base_kind DESC, done_no, fact_no
        ) AS pick
    FROM pair_facts
),
whole AS (
    SELECT * FROM q_units WHERE kind = 'done' AND county IS NULL AND n_same = 1
),
parts AS (
    SELECT
        c.*,
        w.value AS whole_value, w.step AS whole_step, w.printed AS whole_printed,
        w.source_text AS whole_text, w.page AS whole_page, w.line AS whole_line
    FROM q_units c
    JOIN whole w
      ON w.sha256 = c.sha256 AND w.section = c.section
     AND w.level IS NOT DISTINCT FROM c.level
     AND w.project_no IS NOT DISTINCT FROM c.project_no
     AND w.project = c.project
     AND w.indicator IS NOT DISTINCT FROM c.indicator
     AND w.unit = c.unit
    WHERE c.kind = 'done' AND c.county IS NOT NULL AND c.n_same = 1
),
share AS (
    SELECT * FROM parts
    WHERE value - step / 2 > whole_value + whole_step / 2
),
sums AS (
    SELECT
        any_value(circular_id) AS circular_id, any_value(city) AS city,
        any_value(year) AS year, any_value(period_end_month) AS period_end_month,
        sha256, section, level, project_no, project, indicator, unit,
        any_value(filename) AS filename,
        sum(value) AS total, sum(step / 2) AS total_half_step, count(*) AS n,
        string_agg(county || ' ' || printed, '、' ORDER BY quantity_no) AS counted,
        string_agg(DISTINCT source_text, ' / ') AS parts_text,
        min(page) AS parts_page, min(line) AS parts_line,
        any_value(whole_value) AS whole_value, any_value(whole_step) AS whole_step,
        any_value(whole_printed) AS whole_printed, any_value(whole_text) AS whole_text,
        any_value(whole_page) AS whole_page, any_value(whole_line) AS whole_line,
        bool_or(value - step / 2 > whole_value + whole_step / 2) AS one_exceeds
    FROM parts
    GROUP BY sha256, section, level, project_no, project, indicator, unit
    HAVING count(DISTINCT county) >= 2
),
keyed_done AS (
    SELECT
        q.*, o.project_key,
        count(*) OVER (
            PARTITION BY q.circular_id, o.project_key, q.indicator, q.county, q.unit
        ) AS n_key
    FROM quantities_v q
    JOIN project_occurrences o
      ON o.circular_id = q.circular_id
     AND o.level = coalesce(q.level, 'city')
     AND o.project_no = coalesce(q.project_no, 0)
     AND o.project = coalesce(q.project_simplified, q.project)
    WHERE q.kind = 'done' AND q.section <> 'body' AND o.project_key IS NOT NULL
),
steps AS (
    SELECT
        s.city, s.year, s.level, s.project_no, s.project, s.indicator, s.county,
        s.period_end_month, s.value, s.prev_value, s.prev_period_end_month,
        s.circular_id, s.source_text, s.page, s.line, s.sha256,
        ps.circular_id AS prev_circular_id, ps.source_text AS prev_text,
        ps.line AS prev_fact_line,
        dc.value AS done, dc.step AS done_step, dc.printed AS done_printed, dc.unit,
        dp.value AS prev_done, dp.step AS prev_step, dp.printed AS prev_printed,
        dp.source_text AS prev_done_text, dp.page AS prev_page, dp.line AS prev_line,
        dc.source_text AS done_text, dc.page AS done_page, dc.line AS done_line,
        dc.filename
    FROM progress_series s
    JOIN progress_series ps
      ON ps.series_key = s.series_key AND ps.city = s.city AND ps.year = s.year
     AND ps.period_end_month = s.prev_period_end_month
    JOIN keyed_done dc
      ON dc.circular_id = s.circular_id AND dc.project_key = s.project_key
     AND dc.indicator IS NOT DISTINCT FROM s.indicator
     AND dc.county IS NOT DISTINCT FROM s.county AND dc.n_key = 1
    JOIN keyed_done dp
      ON dp.circular_id = ps.circular_id AND dp.project_key = s.project_key
     AND dp.indicator IS NOT DISTINCT FROM s.indicator
     AND dp.county IS NOT DISTINCT FROM s.county AND dp.n_key = 1 AND dp.unit = dc.unit
    WHERE s.metric_key = '' AND s.prev_value IS NOT NULL
),
direction AS (
    SELECT * FROM steps
    WHERE (done + done_step / 2 < prev_done - prev_step / 2 AND value > prev_value + 0.01)
       OR (done - done_step / 2 > prev_done + prev_step / 2 AND value < prev_value - 0.01)
),
over AS (
    SELECT f.*
    FROM fq f
    WHERE f.value > 150
      AND NOT regexp_matches(f.source_text, '超额|超过|超出|超计划|提前完成|已完成全年|全面完成|翻番|倍|任务的|目标的|计划的')
      AND NOT EXISTS (
          SELECT 1 FROM pair_facts p
          WHERE p.sha256 = f.sha256 AND p.fact_no = f.fact_no AND p.agrees
      )
),
attached AS (
    SELECT
        f.*,
        count(*) OVER (
            PARTITION BY f.sha256, f.level, f.project_no, f.indicator, f.county
        ) AS n_key
    FROM fq f
    WHERE f.section IN ('attachment1', 'attachment2') AND f.project_no IS NOT NULL
),
restated AS (
    SELECT
        b.*,
        a.value AS table_value,
        substring(a.source_text, a.start_pos + 1, a.end_pos - a.start_pos) AS table_printed,
        a.source_text AS table_text, a.page AS table_page, a.line AS table_line
    FROM fq b
    JOIN attached a
      ON a.sha256 = b.sha256 AND a.level IS NOT DISTINCT FROM b.level
     AND a.project_no = b.project_no
     AND a.indicator IS NOT DISTINCT FROM b.indicator
     AND a.county IS NOT DISTINCT FROM b.county
     AND a.n_key = 1
    WHERE b.section = 'body'
      AND abs(a.value - b.value) > greatest(a.pct_step, b.pct_step) / 2 + 0.001
      AND NOT EXISTS (
          SELECT 1 FROM fq o
          WHERE o.sha256 = b.sha256 AND o.section <> 'body'
            AND o.project_no = b.project_no AND o.level IS NOT DISTINCT FROM b.level
            AND abs(o.value - b.value) < 0.005
      )
)
SELECT
    'ratio' AS rule,
    circular_id, city, year, period_end_month, level, project_no, project, indicator, county,
    stated,
    round(done / target * 100, 2) AS computed,
    round(pct_step / 2 + (hi - lo) / 2 + 0.01, 4) AS tolerance,
    printf('%s / %s = %.2f%%, printed %s', done_printed, target_printed, done / target * 100,
           stated_printed) AS detail,
    fact_text AS quote, fact_page AS page, fact_line AS line,
    CASE WHEN target_text = fact_text THEN NULL ELSE target_text END AS other_quote,
    target_page AS other_page, target_line AS other_line,
    sha256, filename
FROM ratio
WHERE pick = 1 AND NOT any_agrees AND base_kind = 'target'
UNION ALL
SELECT
    'county_share',
    circular_id, city, year, period_end_month, level, project_no, project, indicator, county,
    value, whole_value, (step + whole_step) / 2,
    printf('%s %s is more than the whole %s', county, printed, whole_printed),
    source_text, page, line,
    CASE WHEN whole_text = source_text THEN NULL ELSE whole_text END, whole_page, whole_line,
    sha256, filename
FROM share
UNION ALL
SELECT
    'county_sum',
    circular_id, city, year, period_end_month, level, project_no, project, indicator, NULL,
    total, whole_value, total_half_step + whole_step / 2,
    printf('%d counties sum to %s%s (%s), the whole is %s', n, total::VARCHAR, unit, counted,
           whole_printed),
    parts_text, parts_page, parts_line,
    CASE WHEN whole_text = parts_text THEN NULL ELSE whole_text END, whole_page, whole_line,
    sha256, filename
FROM sums
WHERE total - total_half_step > whole_value + whole_step / 2 AND NOT one_exceeds
UNION ALL
SELECT
    'direction',
    circular_id, city, year, period_end_month, level, project_no, project, indicator, county,
    value, prev_value, (done_step + prev_step) / 2 + 0.01,
    printf('%d月 %s and %s%% after %d月 %s and %s%%', period_end_month, done_printed,
           value::VARCHAR, prev_period_end_month, prev_printed, prev_value::VARCHAR),
    done_text, done_page, done_line,
    prev_done_text, prev_page, prev_line,
    sha256, filename
FROM direction
UNION ALL
SELECT
    'over_100',
    circular_id, city, year, period_end_month, level, project_no, project, indicator, county,
    value, NULL, 150.0,
    printf('%s with no note of over-fulfilment',
           substring(source_text, start_pos + 1, end_pos - start_pos)),
    source_text, page, line, NULL, NULL, NULL,
    sha256, filename
FROM over
UNION ALL
SELECT
    'body_vs_table',
    circular_id, city, year, period_end_month, level, project_no, project, indicator, county,
    value, table_value, greatest(pct_step, 0.0) / 2 + 0.001,
    printf('body %s, attachment %s',
           substring(source_text, start_pos + 1, end_pos - start_pos), table_printed),
    source_text, page, line, table_text, table_page, table_line,
    sha256, filename
FROM restated;

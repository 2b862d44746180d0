-- 002_series_alerts: project identity across the circulars of a year, and alert state.
-- Timestamps are naive UTC. Periods are "YYYY-MM": the year and the last month of a circular's period.

-- One project of a city's list for one year (a new year starts a new list).
-- project_key is readable and stable: "<city>:<year>:<level>:<first number seen>", with "#2", "#3"
-- when a number was already taken (two sub-rows of one city item share its number).
-- project_no and canonical_name are those of the latest circular naming the project.
CREATE TABLE projects (
    project_key     VARCHAR PRIMARY KEY,
    city            VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    level           VARCHAR NOT NULL CHECK (level IN ('province', 'city')),
    project_no      INTEGER NOT NULL,
    canonical_name  VARCHAR NOT NULL,
    category_no     INTEGER,
    category        VARCHAR,
    first_period    VARCHAR,
    last_period     VARCHAR,
    created_at      TIMESTAMP NOT NULL
);

-- Every name (as printed) a project has been known by, and how it was matched to the project:
-- exact (same normalised name), number+fuzzy (same number, similar name), fuzzy (other number,
-- nearly the same name), manual (`minsheng projects alias`), new (the name that started it).
-- normalised is the name without whitespace, quotes, numbering and counts with units.
CREATE TABLE project_aliases (
    project_key  VARCHAR NOT NULL,
    alias        VARCHAR NOT NULL,
    normalised   VARCHAR NOT NULL,
    match_kind   VARCHAR NOT NULL
                 CHECK (match_kind IN ('new', 'exact', 'number+fuzzy', 'fuzzy', 'manual')),
    score        DOUBLE NOT NULL,
    first_seen   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_key, alias)
);

-- Each (level, number, name) a circular names (in its facts or its project table), and the
-- project it was matched to. project_key is NULL while the row waits in project_review: its
-- facts stay out of progress_series and alerts until someone decides.
CREATE TABLE project_occurrences (
    circular_id  VARCHAR NOT NULL,
    level        VARCHAR NOT NULL,
    project_no   INTEGER NOT NULL,
    project      VARCHAR NOT NULL,
    project_key  VARCHAR,
    match_kind   VARCHAR NOT NULL
                 CHECK (match_kind IN ('new', 'exact', 'number+fuzzy', 'fuzzy', 'manual', 'review')),
    score        DOUBLE NOT NULL,
    matched_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (circular_id, level, project_no, project)
);

-- Names that could not be matched safely: a known number under a dissimilar name (unmatched),
-- or two candidates too close to call (ambiguous). candidates is a JSON array of
-- {project_key, project_no, name, score}. Resolved by `minsheng projects alias KEY NAME`
-- (the name becomes a manual alias of KEY) or `minsheng projects new NAME` (a project of its own).
CREATE TABLE project_review (
    city          VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    level         VARCHAR NOT NULL,
    project_no    INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    candidates    JSON NOT NULL,
    reason        VARCHAR NOT NULL CHECK (reason IN ('unmatched', 'ambiguous')),
    first_seen    TIMESTAMP NOT NULL,
    resolved      BOOLEAN NOT NULL DEFAULT false,
    resolved_key  VARCHAR,
    resolved_at   TIMESTAMP,
    PRIMARY KEY (city, year, level, project_no, name)
);

-- Alert state; one row per episode, its shape is schemas.alert.Alert.
--   id          sha1 of kind, series key and periods: a drop by (from_period, to_period), a
--               behind_schedule episode by the period it began in. Stable across evaluations.
--   kind        drop: to_value below from_value (the series' previous value) by more than the
--               tolerance; behind_schedule: flagged by the circular (or below pace by a margin).
--   state       firing, or resolved once the series recovers (a later value >= from_value -
--               tolerance for a drop; a later period not behind), or the project is reported
--               complete. resolved_at is when an evaluation first saw it resolved.
--   series key  city, year, project_key, indicator, county and metric_key ('' unless the project
--               reports two metrics for the same indicator and county, e.g. 开工率 and 计划投资完成率).
--   from_*      drop: the previous period and value; behind: the episode's first period and value.
--   to_*        drop: the period and value that dropped; behind: the latest behind period.
--   pace        序时进度 at to_period (month/12*100).
--   source_text, sha256, page, line: provenance of the to_period figure.
--   first_seen, last_seen: first and latest evaluation that found the episode.
--   last_notified: set by the delivery code (warehouse.alerts.mark_notified).
CREATE TABLE alerts (
    id             VARCHAR PRIMARY KEY,
    kind           VARCHAR NOT NULL CHECK (kind IN ('drop', 'behind_schedule')),
    state          VARCHAR NOT NULL CHECK (state IN ('firing', 'resolved')),
    city           VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    level          VARCHAR NOT NULL,
    project_no     INTEGER NOT NULL,
    project_key    VARCHAR NOT NULL,
    project        VARCHAR NOT NULL,
    indicator      VARCHAR,
    county         VARCHAR,
    metric         VARCHAR,
    metric_key     VARCHAR NOT NULL,
    from_period    VARCHAR,
    to_period      VARCHAR NOT NULL,
    from_value     DOUBLE,
    to_value       DOUBLE,
    pace           DOUBLE,
    source_text    VARCHAR,
    sha256         VARCHAR,
    page           INTEGER,
    line           INTEGER,
    first_seen     TIMESTAMP NOT NULL,
    last_seen      TIMESTAMP NOT NULL,
    resolved_at    TIMESTAMP,
    last_notified  TIMESTAMP
);

-- One row per evaluation, with the settings it used (so a later evaluation that was not given
-- settings, e.g. `minsheng alerts`, uses the same ones) and what changed.
CREATE TABLE alert_evaluations (
    evaluated_at    TIMESTAMP NOT NULL,
    drop_tolerance  DOUBLE NOT NULL,
    pace_margin     DOUBLE,
    new_alerts      INTEGER NOT NULL,
    resolved        INTEGER NOT NULL,
    retracted       INTEGER NOT NULL,
    firing          INTEGER NOT NULL
);

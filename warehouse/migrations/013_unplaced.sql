-- Documents whose place, year or period the text does not state are loaded all the same: their
-- facts, mentions and quantities are kept with no circular (circular_id NULL), so they stay out
-- of circulars, progress_series and alerts, which need a place and a period. placement says
-- which: 'placed' (in a circular), 'period_unknown' (the year or the months are not stated) or
-- 'place_unknown' (only the publishing place is missing); placement_note says what is missing.
-- meta_sources tells, per meta value (place, year, period, issued), where it was read: a line
-- of the text, the page's URL or its HTTP headers.

ALTER TABLE facts ALTER COLUMN circular_id DROP NOT NULL;
ALTER TABLE county_mentions ALTER COLUMN circular_id DROP NOT NULL;
ALTER TABLE county_scores ALTER COLUMN circular_id DROP NOT NULL;
ALTER TABLE project_entries ALTER COLUMN circular_id DROP NOT NULL;
ALTER TABLE quantities ALTER COLUMN circular_id DROP NOT NULL;

ALTER TABLE documents ADD COLUMN placement VARCHAR;
ALTER TABLE documents ADD COLUMN placement_note VARCHAR;
ALTER TABLE documents ADD COLUMN meta_sources JSON;
UPDATE documents SET placement = 'placed' WHERE status = 'parsed';

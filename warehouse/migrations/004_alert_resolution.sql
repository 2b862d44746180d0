-- 004_alert_resolution: the period whose figures ended an alert episode.
-- resolved_period ("YYYY-MM") is set with state = 'resolved': for a drop, the first later period
-- whose value is back to at least from_value - tolerance (or whose circular reports the project
-- complete); for behind_schedule, the first later period not behind. NULL while firing, and for
-- an alert resolved because its episode vanished from the data (retracted after notification).

ALTER TABLE alerts ADD COLUMN resolved_period VARCHAR;

-- 003_outbox: alert events waiting for, or done with, delivery to each notification channel.
-- One row per alert, channel and event ('firing' when the alert is announced, 'resolved' when
-- it clears). A row is pending while delivered_at is NULL; a failed attempt counts in attempts
-- and leaves its error (credentials masked) in last_error. A firing row is queued again only by
-- an explicit repeat policy, which counts in repeats. Timestamps are UTC.

CREATE TABLE outbox (
    alert_id      VARCHAR NOT NULL,
    channel       VARCHAR NOT NULL,
    event         VARCHAR NOT NULL CHECK (event IN ('firing', 'resolved')),
    created_at    TIMESTAMP NOT NULL,
    delivered_at  TIMESTAMP,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_attempt  TIMESTAMP,
    last_error    VARCHAR,
    repeats       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alert_id, channel, event)
);

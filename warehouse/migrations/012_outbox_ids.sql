-- 012_outbox_ids: what a receiver needs to drop repeats, and sends whose outcome is unknown.
-- message_id is the id of the last message that carried the row (the Idempotency-Key header
-- and "id" field of a webhook); unconfirmed counts sends that timed out after the request was
-- written (the receiver may have taken them). A row unconfirmed twice is not sent again.

ALTER TABLE outbox ADD COLUMN message_id VARCHAR;
ALTER TABLE outbox ADD COLUMN unconfirmed INTEGER NOT NULL DEFAULT 0;

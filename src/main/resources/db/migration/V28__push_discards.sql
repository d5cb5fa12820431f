-- A discarded push says who gave it up, when and why, and which dead letter it was, where ops look for it (GET
-- /api/v1/pushes, the console's event lookup), not only in the dead letter's history.
ALTER TABLE outbound_pushes
    ADD COLUMN discarded_by     TEXT,
    ADD COLUMN discarded_at     TIMESTAMPTZ,
    ADD COLUMN discard_reason   TEXT,
    ADD COLUMN dead_letter_id   BIGINT;

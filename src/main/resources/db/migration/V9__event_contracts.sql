-- Credentials are never kept (API.md §1): dead letters parked before this release may hold the api_key header a
-- publisher sent on hub.ingress. Remove it, in whatever case it was written.
UPDATE dead_letters
SET headers = (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
               FROM jsonb_each(headers)
               WHERE lower(key) NOT IN ('api_key', 'authorization', 'x-api-key'))
WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(headers) AS k(key)
              WHERE lower(k.key) IN ('api_key', 'authorization', 'x-api-key'));

-- A parked ingress event replayed by ops is re-admitted under the source it was authenticated as: the ledger says
-- so, and who did it.
ALTER TABLE events DROP CONSTRAINT events_received_via_check;
ALTER TABLE events ADD CONSTRAINT events_received_via_check
    CHECK (received_via IN ('http', 'amqp', 'internal', 'replay'));
ALTER TABLE events ADD COLUMN replayed_by TEXT;

-- Leads need only first_name, source and an email or phone (API.md §5): a phone lead often has no date or head
-- count yet.
ALTER TABLE leads ALTER COLUMN last_name DROP NOT NULL;
ALTER TABLE leads ALTER COLUMN estimated_passengers DROP NOT NULL;
ALTER TABLE leads ALTER COLUMN estimated_trip_date DROP NOT NULL;

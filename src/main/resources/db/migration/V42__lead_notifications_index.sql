-- GET /api/v1/notifications?lead_id= finds what the hub told about a lead by the prefix of its origin key
-- (lead:<id>:assigned:…, lead:<id>:acknowledgement, …): a LIKE 'prefix%' that this index answers whatever the
-- database's collation, over the lead notices only
CREATE INDEX notifications_lead_key_idx ON notifications (origin_key text_pattern_ops) WHERE origin = 'lead';

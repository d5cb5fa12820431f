-- Whom a reply was forwarded to (customer care, or the agent of the lead it is about), so ops reading the replies
-- waiting know an agent has one. CREATE OR REPLACE keeps the columns before it and adds this one at the end.
CREATE OR REPLACE VIEW inbound_message_views AS
SELECT m.id, m.channel, m.address, m.provider, m.provider_message_id, m.body, m.keyword, m.received_at, m.replied_to,
       n.template AS replied_template, n.event_type AS replied_event_type, n.event_id AS replied_event_id,
       n.attempt_started_at AS replied_sent_at, f.id AS forwarded_as, n.recipient ->> 'name' AS customer_name,
       h.handled_by, h.handled_at, h.note AS handled_note,
       coalesce(f.recipient ->> 'name', f.email) AS forwarded_to
FROM inbound_messages m
LEFT JOIN notifications n ON n.id = m.replied_to
LEFT JOIN notifications f ON f.origin_key = 'reply:' || m.id
LEFT JOIN inbound_handled h ON h.inbound_message_id = m.id;

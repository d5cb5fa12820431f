-- The name a sender gave themselves on WhatsApp (Twilio's ProfileName, Meta's contact profile), so a message from a
-- number we never wrote to reaches customer care as "Hugo Silva", not "Someone". Their word, not a verified name.
-- CREATE OR REPLACE keeps the view's columns and adds this one at the end.
ALTER TABLE inbound_messages ADD COLUMN profile_name text;

CREATE OR REPLACE VIEW inbound_message_views AS
SELECT m.id, m.channel, m.address, m.provider, m.provider_message_id, m.body, m.keyword, m.received_at, m.replied_to,
       n.template AS replied_template, n.event_type AS replied_event_type, n.event_id AS replied_event_id,
       n.attempt_started_at AS replied_sent_at, f.id AS forwarded_as, n.recipient ->> 'name' AS customer_name,
       h.handled_by, h.handled_at, h.note AS handled_note,
       coalesce(f.recipient ->> 'name', f.email) AS forwarded_to,
       m.profile_name
FROM inbound_messages m
LEFT JOIN notifications n ON n.id = m.replied_to
LEFT JOIN notifications f ON f.origin_key = 'reply:' || m.id
LEFT JOIN inbound_handled h ON h.inbound_message_id = m.id;

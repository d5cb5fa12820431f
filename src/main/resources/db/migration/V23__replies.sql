-- A text someone sends back (not a keyword) is forwarded to customer care as a notification of its own, made by the
-- hub (origin 'reply', origin key 'reply:<inbound message id>'), and listed newest first for ops.
ALTER TABLE notifications DROP CONSTRAINT notifications_origin_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_origin_check
    CHECK (origin IN ('event', 'api', 'resend', 'lead', 'reply'));

CREATE INDEX inbound_messages_received_idx ON inbound_messages (received_at, id);

-- which of our messages a reply answers, found when it arrives (the latest handed to a provider for that phone by
-- SMS or WhatsApp), so the answer does not change as later messages go out
ALTER TABLE inbound_messages ADD COLUMN replied_to TEXT;
CREATE INDEX notifications_phone_sent_idx ON notifications (phone, attempt_started_at)
    WHERE attempt_started_at IS NOT NULL AND channel IN ('sms', 'whatsapp');

-- an inbound message as ops read it: with the message it answers and the notification that forwarded it
CREATE VIEW inbound_message_views AS
SELECT m.id, m.channel, m.address, m.provider, m.provider_message_id, m.body, m.keyword, m.received_at, m.replied_to,
       n.template AS replied_template, n.event_type AS replied_event_type, n.event_id AS replied_event_id,
       n.attempt_started_at AS replied_sent_at, f.id AS forwarded_as
FROM inbound_messages m
LEFT JOIN notifications n ON n.id = m.replied_to
LEFT JOIN notifications f ON f.origin_key = 'reply:' || m.id;

-- Ops answer a customer's text from our own number (POST /api/v1/inbound-messages/{id}/answer): each answer is a
-- notification of origin 'answer', kept with the message it answers and who wrote it.
ALTER TABLE notifications DROP CONSTRAINT notifications_origin_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_origin_check
    CHECK (origin IN ('event', 'api', 'resend', 'lead', 'reply', 'answer'));

-- retention removes old inbound messages: the links of their answers go with them (the notifications stay)
CREATE TABLE inbound_answers (
    notification_id    TEXT PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
    inbound_message_id BIGINT      NOT NULL REFERENCES inbound_messages (id) ON DELETE CASCADE,
    answered_by        TEXT        NOT NULL,
    answered_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX inbound_answers_message_idx ON inbound_answers (inbound_message_id, answered_at);

-- who wrote, as far as we know them: the name on the message of ours a reply answers
CREATE OR REPLACE VIEW inbound_message_views AS
SELECT m.id, m.channel, m.address, m.provider, m.provider_message_id, m.body, m.keyword, m.received_at, m.replied_to,
       n.template AS replied_template, n.event_type AS replied_event_type, n.event_id AS replied_event_id,
       n.attempt_started_at AS replied_sent_at, f.id AS forwarded_as, n.recipient ->> 'name' AS customer_name
FROM inbound_messages m
LEFT JOIN notifications n ON n.id = m.replied_to
LEFT JOIN notifications f ON f.origin_key = 'reply:' || m.id;

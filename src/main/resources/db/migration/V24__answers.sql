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

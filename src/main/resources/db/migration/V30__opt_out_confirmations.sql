-- An opt-out that reaches the hub through Meta is confirmed by a WhatsApp message of its own (Twilio's webhook answers
-- in its response): a notification of origin 'confirmation', the one kind sent to an address that has opted out.
ALTER TABLE notifications DROP CONSTRAINT notifications_origin_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_origin_check
    CHECK (origin IN ('event', 'api', 'resend', 'lead', 'reply', 'answer', 'confirmation'));

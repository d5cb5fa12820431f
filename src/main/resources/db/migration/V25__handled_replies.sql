-- Ops mark a customer's reply handled without texting back from the hub (they called, or it needs no answer:
-- "Thanks!"), so the replies still waiting for us stay a short list. One mark per message; reopening deletes it.
-- Retention removes old inbound messages, and their marks with them.
CREATE TABLE inbound_handled (
    inbound_message_id BIGINT PRIMARY KEY REFERENCES inbound_messages (id) ON DELETE CASCADE,
    handled_by         TEXT        NOT NULL,
    handled_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    note               TEXT
);

-- what waits for a person: a reply (no keyword) neither answered from the hub nor marked handled; said once, for the
-- list's waiting= filter and the console's overview
CREATE FUNCTION inbound_waiting(m inbound_messages) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT m.keyword IS NULL
       AND NOT EXISTS (SELECT 1 FROM inbound_answers a WHERE a.inbound_message_id = m.id)
       AND NOT EXISTS (SELECT 1 FROM inbound_handled h WHERE h.inbound_message_id = m.id)
$$;

CREATE OR REPLACE VIEW inbound_message_views AS
SELECT m.id, m.channel, m.address, m.provider, m.provider_message_id, m.body, m.keyword, m.received_at, m.replied_to,
       n.template AS replied_template, n.event_type AS replied_event_type, n.event_id AS replied_event_id,
       n.attempt_started_at AS replied_sent_at, f.id AS forwarded_as, n.recipient ->> 'name' AS customer_name,
       h.handled_by, h.handled_at, h.note AS handled_note
FROM inbound_messages m
LEFT JOIN notifications n ON n.id = m.replied_to
LEFT JOIN notifications f ON f.origin_key = 'reply:' || m.id
LEFT JOIN inbound_handled h ON h.inbound_message_id = m.id;

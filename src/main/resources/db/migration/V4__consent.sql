-- The suppression list becomes the consent store: one row per channel, address and category scope (NULL = every
-- category) that must not be contacted, whether the person said so (kind opted_out) or the system learnt the address
-- is gone (kind suppressed). Every change is also appended to consent_history, which is never updated.
ALTER TABLE suppressions RENAME COLUMN reason TO kind;
ALTER TABLE suppressions RENAME COLUMN detail TO reason;
ALTER TABLE suppressions ADD CONSTRAINT suppressions_kind_ck CHECK (kind IN ('opted_out', 'suppressed'));
ALTER TABLE suppressions ADD COLUMN actor TEXT;

CREATE TABLE consent_history (
    id         BIGSERIAL PRIMARY KEY,
    channel    TEXT        NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email')),
    address    TEXT        NOT NULL,
    action     TEXT        NOT NULL CHECK (action IN ('opt_out', 'opt_in')),
    category   TEXT,
    kind       TEXT,
    reason     TEXT,
    source     TEXT        NOT NULL,
    actor      TEXT,
    at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX consent_history_address_idx ON consent_history (channel, address, id);

-- What people send us: keyword replies, questions, anything. Kept so ops can see it; the keywords act on consent.
CREATE TABLE inbound_messages (
    id                  BIGSERIAL PRIMARY KEY,
    channel             TEXT        NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
    address             TEXT        NOT NULL,
    provider            TEXT        NOT NULL,
    provider_message_id TEXT,
    body                TEXT,
    keyword             TEXT,
    received_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX inbound_messages_address_idx ON inbound_messages (channel, address, received_at);
CREATE UNIQUE INDEX inbound_messages_provider_uk ON inbound_messages (provider, provider_message_id)
    WHERE provider_message_id IS NOT NULL;

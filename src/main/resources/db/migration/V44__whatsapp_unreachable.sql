-- Numbers WhatsApp could not reach (Twilio 63003, Meta 131026: not on WhatsApp, or an app that cannot take the
-- message): a send with another channel after WhatsApp goes straight to it for a while, instead of waiting for the
-- same failure again. A message from the number on WhatsApp ends it.
CREATE TABLE whatsapp_unreachable (
    phone       TEXT PRIMARY KEY,
    reported_at TIMESTAMPTZ NOT NULL,
    provider    TEXT        NOT NULL,
    code        TEXT        NOT NULL
);

-- When the person last asked for each opt-out: the provider's time when it says (Meta does), else when the hub heard
-- it. An opt-in that reaches the hub late (Meta retries a webhook for days) lifts only the opt-outs asked for before
-- it, so a STOP is never undone by an older START.
ALTER TABLE suppressions ADD COLUMN said_at TIMESTAMPTZ;
UPDATE suppressions SET said_at = created_at;
ALTER TABLE suppressions ALTER COLUMN said_at SET DEFAULT now();
ALTER TABLE suppressions ALTER COLUMN said_at SET NOT NULL;

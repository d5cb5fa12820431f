-- Failed sign-ins in a row (security.LoginThrottle), shared by every instance so two instances do not allow twice
-- the guesses. The key is a SHA-256 of what is counted (a user and an address, or an address alone): nothing typed
-- into the user field (sometimes a password) is kept. Rows older than the longest wait are forgotten and deleted.
CREATE TABLE signin_failures (
    key          TEXT PRIMARY KEY,
    failures     INT         NOT NULL,
    last_failure TIMESTAMPTZ NOT NULL
);
CREATE INDEX signin_failures_last_idx ON signin_failures (last_failure);

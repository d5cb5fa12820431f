-- Sales leads (API.md §5): the agents leads are assigned to, the leads, and every change to a lead as an activity.

-- One row per agent. current_weight is the agent's running score in smooth weighted round-robin; assigned_today
-- counts the leads of cap_day (a date in hub.leads.zone), reset by the midnight job.
CREATE TABLE assignment_rules (
    id                BIGSERIAL PRIMARY KEY,
    agent_id          TEXT        NOT NULL UNIQUE,
    agent_name        TEXT        NOT NULL,
    agent_email       TEXT,
    agent_phone       TEXT,
    weight            INTEGER     NOT NULL CHECK (weight BETWEEN 1 AND 1000),
    max_leads_per_day INTEGER     NOT NULL CHECK (max_leads_per_day BETWEEN 0 AND 100000),
    is_active         BOOLEAN     NOT NULL DEFAULT true,
    current_weight    BIGINT      NOT NULL DEFAULT 0,
    assigned_today    INTEGER     NOT NULL DEFAULT 0,
    cap_day           DATE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE leads (
    id                  TEXT PRIMARY KEY,
    origin_key          TEXT,
    first_name          TEXT        NOT NULL,
    last_name           TEXT        NOT NULL,
    email               TEXT,
    phone               TEXT,
    source              TEXT        NOT NULL
        CHECK (source IN ('web', 'phone', 'email', 'referral', 'walk_in', 'partner')),
    trip_details        TEXT,
    estimated_passengers INTEGER    NOT NULL CHECK (estimated_passengers > 0),
    estimated_trip_date DATE        NOT NULL,
    pickup_location     TEXT,
    dropoff_location    TEXT,
    status              TEXT        NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'contacted', 'qualified', 'negotiating', 'converted', 'dead')),
    assigned_agent_id   TEXT,
    assigned_at         TIMESTAMPTZ,
    reassigned          BOOLEAN     NOT NULL DEFAULT false,
    created_by          TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

-- a redelivered lead.created work message finds the lead it made
CREATE UNIQUE INDEX leads_origin_uk ON leads (origin_key) WHERE origin_key IS NOT NULL;
-- duplicates are looked for among open leads only
CREATE INDEX leads_open_email_idx ON leads (email) WHERE status NOT IN ('converted', 'dead');
CREATE INDEX leads_open_phone_idx ON leads (phone) WHERE status NOT IN ('converted', 'dead');
CREATE INDEX leads_agent_idx ON leads (assigned_agent_id, created_at);
CREATE INDEX leads_status_idx ON leads (status, created_at);
-- the SLA job's work list
CREATE INDEX leads_sla_idx ON leads (assigned_at) WHERE status = 'new' AND NOT reassigned;

CREATE TABLE lead_activities (
    id         BIGSERIAL PRIMARY KEY,
    lead_id    TEXT        NOT NULL REFERENCES leads (id),
    kind       TEXT        NOT NULL,
    detail     TEXT,
    actor      TEXT,
    at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX lead_activities_lead_idx ON lead_activities (lead_id, id);

-- notifications about leads are created by the lead intake itself
ALTER TABLE notifications DROP CONSTRAINT notifications_origin_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_origin_check
    CHECK (origin IN ('event', 'api', 'resend', 'lead'));

-- events the hub raises itself (lead.converted) go through the same ledger as everyone else's
ALTER TABLE events DROP CONSTRAINT events_received_via_check;
ALTER TABLE events ADD CONSTRAINT events_received_via_check CHECK (received_via IN ('http', 'amqp', 'internal'));

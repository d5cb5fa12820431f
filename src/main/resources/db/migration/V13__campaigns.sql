-- Campaigns (API.md §2b): a marketing.campaign event, or several that share a campaign_id, sends one template to
-- its recipients, now or at send_at. The campaign's status and stats are read from its notifications; the row keeps
-- what they cannot tell: how many recipients its events named, and whether ops called it off.
CREATE TABLE campaigns (
    id           TEXT PRIMARY KEY,
    template     TEXT        NOT NULL,
    send_at      TIMESTAMPTZ,
    event_source TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    recipients   INTEGER     NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancelled_at TIMESTAMPTZ,
    cancelled_by TEXT
);

CREATE INDEX campaigns_created_idx ON campaigns (created_at);

-- each event of a campaign counts its recipients once, however often its notify messages are redelivered
CREATE TABLE campaign_batches (
    campaign_id  TEXT        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    event_source TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    recipients   INTEGER     NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, event_source, event_id)
);

ALTER TABLE notifications ADD COLUMN campaign_id TEXT;
CREATE INDEX notifications_campaign_idx ON notifications (campaign_id, status) WHERE campaign_id IS NOT NULL;

-- A campaign with where it stands, read from its notifications: scheduled while every send still waits for its time,
-- sent once every recipient's notification has left the hub or ended, cancelled once ops called it off.
CREATE VIEW campaign_progress AS
SELECT c.*,
       p.created,
       p.waiting,
       p.open,
       CASE
           WHEN c.cancelled_at IS NOT NULL THEN 'cancelled'
           WHEN p.created >= c.recipients AND p.open = 0 THEN 'sent'
           WHEN p.created = p.waiting THEN 'scheduled'
           ELSE 'sending'
       END AS status
FROM campaigns c
CROSS JOIN LATERAL (
    SELECT count(*) AS created,
           count(*) FILTER (WHERE n.status = 'queued' AND n.channel IS NULL) AS waiting,
           count(*) FILTER (WHERE n.status IN ('queued', 'sending')) AS open
    FROM notifications n
    WHERE n.campaign_id = c.id
) p;

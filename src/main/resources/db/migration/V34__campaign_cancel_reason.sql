-- Ops may say why they call a campaign off, as they may for one waiting send; each send it cancels keeps the words.
ALTER TABLE campaigns ADD COLUMN cancel_reason text;

-- the view lists the campaign's columns by position, so it is made again to take the new one
DROP VIEW campaign_progress;
CREATE VIEW campaign_progress AS
SELECT c.*,
       p.created,
       p.waiting,
       p.open,
       CASE
           WHEN c.cancelled_at IS NOT NULL THEN 'cancelled'
           WHEN p.created >= c.recipients AND p.open = 0 THEN 'sent'
           WHEN p.waiting > 0 AND p.waiting + p.stopped = p.created THEN 'scheduled'
           ELSE 'sending'
       END AS status
FROM campaigns c
CROSS JOIN LATERAL (
    SELECT count(*) AS created,
           count(*) FILTER (WHERE n.status = 'queued' AND n.channel IS NULL) AS waiting,
           count(*) FILTER (WHERE n.status IN ('queued', 'sending')) AS open,
           -- ended before any channel was tried
           count(*) FILTER (WHERE n.status IN ('blocked', 'cancelled') AND n.channel IS NULL) AS stopped
    FROM notifications n
    WHERE n.campaign_id = c.id
) p;

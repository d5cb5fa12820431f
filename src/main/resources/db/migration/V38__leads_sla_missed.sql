-- "reassigned" meant "the contact SLA has acted on this lead", true too when nobody else could take it and it stayed
-- with its agent; the API and the charter system read it as "moved to another agent". The flag the SLA job keys on
-- becomes sla_missed (its partial index goes with it), and reassigned says what it says: the SLA moved the lead.
ALTER TABLE leads RENAME COLUMN reassigned TO sla_missed;
ALTER TABLE leads ADD COLUMN reassigned boolean NOT NULL DEFAULT false;
UPDATE leads l SET reassigned = true
WHERE EXISTS (SELECT 1 FROM lead_activities a WHERE a.lead_id = l.id AND a.kind = 'reassigned');

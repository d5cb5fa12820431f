-- Leads nobody could take when they came wait for a free agent; the lead schedule looks for them every minute.
CREATE INDEX leads_waiting_idx ON leads (created_at, id) WHERE status = 'new' AND assigned_agent_id IS NULL;

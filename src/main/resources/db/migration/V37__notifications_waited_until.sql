-- The send time a timed send waited for, kept when the due-sends job hands it over and clears send_at (which is how
-- the dispatcher and the pending list tell a send still waits), so the scheduled list's status=sent and a sent
-- notification still say when it was due. Sends handed over before this column existed take the time their
-- timeline says the job handed them over, where retention has kept it.
ALTER TABLE notifications ADD COLUMN waited_until timestamptz;

UPDATE notifications n SET waited_until = handed.at
FROM (SELECT notification_id, max(at) AS at FROM notification_events
      WHERE detail = 'send time reached' GROUP BY notification_id) handed
WHERE handed.notification_id = n.id AND n.send_at IS NULL;

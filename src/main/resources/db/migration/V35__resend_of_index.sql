-- A replay of a parked notification asks whether ops resent it already (a replay as well would reach the recipient
-- twice); few notifications are resends, so the index holds only them.
CREATE INDEX notifications_resend_of_idx ON notifications (resend_of) WHERE resend_of IS NOT NULL;

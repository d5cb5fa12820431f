-- A push to a destination switched off (hub.outbound.<destination>.enabled=false) is recorded as skipped, so its
-- queue is emptied instead of growing, and each push is still accounted for.
ALTER TABLE outbound_pushes DROP CONSTRAINT outbound_pushes_status_check;
ALTER TABLE outbound_pushes ADD CONSTRAINT outbound_pushes_status_check
    CHECK (status IN ('pending', 'delivered', 'superseded', 'parked', 'skipped'));

-- A parked push whose dead letter ops discarded is recorded as discarded: never delivered, and nobody is to try it
-- again, which "parked" (waiting for ops) no longer says.
ALTER TABLE outbound_pushes DROP CONSTRAINT outbound_pushes_status_check;
ALTER TABLE outbound_pushes ADD CONSTRAINT outbound_pushes_status_check
    CHECK (status IN ('pending', 'delivered', 'superseded', 'parked', 'skipped', 'discarded'));

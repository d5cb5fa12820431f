-- The pushes still on their way to each destination, for the ops overview's "vendor is not answering: 6 pushes wait":
-- a few rows among many delivered ones.
CREATE INDEX outbound_pushes_pending_idx ON outbound_pushes (destination, first_at) WHERE status = 'pending';

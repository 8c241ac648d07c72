-- Workers claim the next QUEUED rows of a batch in id order. Without this index the claim walked
-- the primary key past every row already sent: 187 ms per claim after 130,000 sent rows
-- (EXPLAIN ANALYZE in performance.md), which made a 200,000-message send slow down as it went.
CREATE INDEX invitation_queued_idx ON invitation (batch_id, id) WHERE status = 'QUEUED';

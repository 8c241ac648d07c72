-- Sending writes only through the database's own functions (R__engine.sql, R__decisions.sql):
-- a runner belongs to the database login that registered it, and only that login writes in its
-- name (claims, marks, heartbeats); anyone allowed to send may settle a runner that is dead.
ALTER TABLE send_runner ADD COLUMN db_login text NOT NULL DEFAULT session_user;

-- What people decided about a batch after it was queued, and who: the user the app acted for
-- and the database login that made the call (the same person on a login of their own).
CREATE TABLE batch_decision (
  id          bigserial PRIMARY KEY,
  batch_id    bigint NOT NULL REFERENCES invitation_batch(id),
  decision    text NOT NULL CHECK (decision IN ('PAUSE', 'RESUME', 'RETRY_FAILED', 'RETRY_ALL_FAILED',
                                                'RESEND_IN_DOUBT', 'MARK_IN_DOUBT_SENT')),
  rows        integer,
  made_by     text NOT NULL,
  db_login    text NOT NULL DEFAULT session_user,
  made_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_decision_batch ON batch_decision (batch_id);

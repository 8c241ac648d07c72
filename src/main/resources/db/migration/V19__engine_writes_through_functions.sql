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

-- The repeatable migrations' grants: EXECUTE on a function for nobody but the owner and the given
-- group roles, those that exist (a migrating owner without CREATEROLE has none; V18).
CREATE OR REPLACE FUNCTION invite_grant_execute(p_function text, p_roles text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r text;
BEGIN
  EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', p_function);
  FOREACH r IN ARRAY p_roles LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', p_function, r);
    END IF;
  END LOOP;
END $$;

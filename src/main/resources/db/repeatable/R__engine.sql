-- The send engine's writes (integration.md, "Roles"). Every runner, slot, claim, mark, settlement
-- and batch status goes through one of these SECURITY DEFINER functions; the group roles
-- (invite_desk_send, invite_desk_sender_service) may EXECUTE them and may not write the tables.
--
-- Two checks, both by PostgreSQL:
--  * registering a runner, settling one, and a batch's status need a sender: a login that writes
--    the tables directly (the schema owner, a shared login: the app checks the user it acts for),
--    or a login whose Invite Desk user holds permission 390 (a person; a sender service's login);
--  * the writes made many times a second (claims, marks, heartbeats) are made in a runner's name,
--    and only the database login that registered the runner may make them.

-- Refuses a login that may not send (SQLSTATE 42501, the app's own words).
CREATE OR REPLACE FUNCTION invite_require_sender() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT has_table_privilege(session_user, 'invitation_batch', 'INSERT') THEN
    PERFORM invite_require_permission(session_user::text, 390);
  END IF;
END $$;

-- True when the runner is this login's; false when it is gone (settled as dead); refuses another login's.
CREATE OR REPLACE FUNCTION invite_own_runner(p_runner bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  owner text;
BEGIN
  SELECT db_login INTO owner FROM send_runner WHERE id = p_runner;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF owner IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = format('Runner %s belongs to the database login %s, not to %s.', p_runner, owner, session_user);
  END IF;
  RETURN true;
END $$;

-- Whether this login may end a runner's life: a sender's own runner (its session ends it), or one
-- that is dead (its session lock is free; the lock taken here is held until the transaction ends).
CREATE OR REPLACE FUNCTION invite_may_settle(p_runner bigint) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM invite_require_sender();
  RETURN EXISTS (SELECT 1 FROM send_runner WHERE id = p_runner AND db_login = session_user::text)
         OR pg_try_advisory_xact_lock(-p_runner);
END $$;

-- Inserts a runner and takes its session lock (LockKeys.runner: minus its id) in the same call:
-- it is never seen unlocked.
CREATE OR REPLACE FUNCTION invite_register_runner(p_kind text, p_host text, p_pid bigint, p_login text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  rid bigint;
BEGIN
  PERFORM invite_require_sender();
  IF p_kind = 'SERVICE' AND NOT has_table_privilege(session_user, 'invitation_batch', 'INSERT')
     AND NOT (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_sender_service')
              AND pg_has_role(session_user, 'invite_desk_sender_service', 'MEMBER')) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = format('The login %s is not a sender service''s (invite_desk_sender_service): it may send from a window or a command.', session_user);
  END IF;
  INSERT INTO send_runner (kind, host, pid, login, db_login)
  VALUES (p_kind, p_host, p_pid, invite_acting_user(p_login), session_user) RETURNING id INTO rid;
  PERFORM pg_advisory_lock(-rid);
  RETURN rid;
END $$;

-- @return 0 when the runner row is gone (it was taken for dead)
CREATE OR REPLACE FUNCTION invite_runner_heartbeat(p_runner bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  UPDATE send_runner SET seen_at = now() WHERE id = p_runner;
  RETURN CASE WHEN FOUND THEN 1 ELSE 0 END;
END $$;

-- The runner takes up a batch (the caller holds the batch row, invite_lock_batch). A person's run
-- of a paused batch is their decision to resume it, and is recorded as one.
CREATE OR REPLACE FUNCTION invite_attach_runner(p_runner bigint, p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r send_runner;
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM invitation_batch WHERE id = p_batch AND status NOT IN ('DONE', 'CANCELLED')) THEN
    RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('Batch %s is finished; there is nothing to send.', p_batch);
  END IF;
  UPDATE send_runner SET batch_id = p_batch, seen_at = now() WHERE id = p_runner RETURNING * INTO r;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  IF r.kind <> 'SERVICE' AND EXISTS (SELECT 1 FROM invitation_batch WHERE id = p_batch AND status = 'PAUSED') THEN
    INSERT INTO batch_decision (batch_id, decision, made_by) VALUES (p_batch, 'RESUME', r.login);
  END IF;
  RETURN 1;
END $$;

-- Deletes a runner that runs no batch: this login's own (a sender service stopping between
-- batches), or a dead one (its session lock is free).
CREATE OR REPLACE FUNCTION invite_drop_idle_runner(p_runner bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  IF NOT invite_may_settle(p_runner) THEN
    RETURN 0;
  END IF;
  DELETE FROM send_runner WHERE id = p_runner AND batch_id IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- Settles a runner (RunEnd, Settlement): this login's own at its end, or a dead one (its session
-- lock is free) found by anyone allowed to send. What its slots list as accepted is SENT, what
-- they were handing is IN_DOUBT, what it still holds CLAIMED goes back to QUEUED, and its slots
-- and row go. Its row is locked first: a claim in its name (holding the row FOR SHARE) has either
-- committed, and is released here, or finds the runner gone and claims nothing.
-- @return false when the runner is alive and not this login's (nothing is done)
CREATE OR REPLACE FUNCTION invite_settle_runner(p_runner bigint, p_batch bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  ran bigint;
BEGIN
  IF NOT invite_may_settle(p_runner) THEN
    RETURN false;
  END IF;
  -- (rows open and close: the tally's wait lock, before any row lock; R__count_tally.sql)
  PERFORM count_tally_wait_lock();
  -- the batch the runner ran, from its own row; the caller's only when the row is gone
  SELECT batch_id INTO ran FROM send_runner WHERE id = p_runner FOR UPDATE;
  ran := coalesce(ran, p_batch);
  PERFORM 1 FROM send_slot WHERE runner_id = p_runner FOR UPDATE;
  UPDATE invitation i SET status = 'SENT', sent_at = x.at, last_error = NULL
    FROM send_slot s CROSS JOIN LATERAL unnest(s.sent_ids, s.sent_at) AS x(id, at)
   WHERE s.runner_id = p_runner AND i.id = x.id AND i.status = 'CLAIMED' AND i.claimed_by = p_runner;
  UPDATE invitation SET status = 'IN_DOUBT',
         last_error = 'The app stopped after handing this message to the SMTP server and before its reply was recorded: it may or may not have been delivered.'
   WHERE status = 'CLAIMED' AND claimed_by = p_runner
     AND id IN (SELECT handing_id FROM send_slot WHERE runner_id = p_runner AND handing_id IS NOT NULL);
  DELETE FROM send_slot WHERE runner_id = p_runner;
  UPDATE invitation SET status = 'QUEUED', attempts = greatest(attempts - 1, 0), claimed_by = NULL
   WHERE batch_id = ran AND status = 'CLAIMED' AND claimed_by = p_runner;
  DELETE FROM send_runner WHERE id = p_runner;
  RETURN true;
END $$;

-- SENDING rows left by a version before V11, met by a decision: their fate is unknown.
CREATE OR REPLACE FUNCTION invite_settle_legacy(p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  PERFORM invite_require_sender();
  UPDATE invitation SET status = 'IN_DOUBT',
         last_error = 'The app stopped after handing this message to the SMTP server and before its reply was recorded: it may or may not have been delivered.'
   WHERE batch_id = p_batch AND status = 'SENDING';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- The batch's status, its row locked until the transaction ends; NULL when there is no such batch.
-- A run's start and end take it, so "am I the last runner?" and "a runner joins" never cross.
CREATE OR REPLACE FUNCTION invite_lock_batch(p_batch bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  st text;
BEGIN
  PERFORM invite_require_sender();
  SELECT status INTO st FROM invitation_batch WHERE id = p_batch FOR UPDATE;
  RETURN st;
END $$;

-- A batch's status and reason; p_run_at for SCHEDULED or WAITING (when it is due).
CREATE OR REPLACE FUNCTION invite_set_batch_status(p_batch bigint, p_status text, p_reason text, p_run_at timestamptz)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM invite_require_sender();
  IF p_status = 'DONE' AND EXISTS (SELECT 1 FROM invitation WHERE batch_id = p_batch AND status IN ('QUEUED', 'CLAIMED')) THEN
    RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('Batch %s still has invitations to send; it is not done.', p_batch);
  END IF;
  IF p_status = 'SENDING' AND NOT EXISTS (SELECT 1 FROM send_runner WHERE batch_id = p_batch AND db_login = session_user::text) THEN
    RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('Batch %s is sent only by a runner that takes it up.', p_batch);
  END IF;
  UPDATE invitation_batch SET status = p_status, status_reason = p_reason, run_at = p_run_at,
         finished_at = CASE WHEN p_status = 'DONE' THEN now() END
   WHERE id = p_batch;
END $$;

-- Copies the invitation tallies into the batch row (the audit keeps them).
CREATE OR REPLACE FUNCTION invite_refresh_batch_totals(p_batch bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM invite_require_sender();
  UPDATE invitation_batch b SET sent = t.sent, failed = t.failed, in_doubt = t.in_doubt
    FROM (SELECT count(*) FILTER (WHERE status IN ('SENT','ACCEPTED','EXPIRED','SUPERSEDED','WITHDRAWN')) AS sent,
                 count(*) FILTER (WHERE status = 'FAILED') AS failed,
                 count(*) FILTER (WHERE status IN ('SENDING','IN_DOUBT')) AS in_doubt
            FROM invitation WHERE batch_id = p_batch) t
   WHERE b.id = p_batch;
END $$;

-- A pause that was asked for has been recorded (or a person's run overrides it).
CREATE OR REPLACE FUNCTION invite_clear_pause_request(p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  PERFORM invite_require_sender();
  UPDATE invitation_batch SET pause_requested_by = NULL WHERE id = p_batch AND pause_requested_by IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- Creates (or empties) a connection's slot row for this runner's run of the batch.
CREATE OR REPLACE FUNCTION invite_open_slot(p_runner bigint, p_worker integer, p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  INSERT INTO send_slot (runner_id, worker, batch_id) VALUES (p_runner, p_worker, p_batch)
  ON CONFLICT (runner_id, worker) DO UPDATE SET batch_id = p_batch, handing_id = NULL, sent_ids = '{}', sent_at = '{}';
  RETURN 1;
END $$;

-- QUEUED → CLAIMED for up to p_limit due rows, skipping rows another worker holds. The n-th
-- claimed row (by id) stores p_hashes[n] and comes back with token_index n. Nothing is claimed
-- once the runner is gone (a settler of a runner taken for dead holds its row FOR UPDATE and then
-- deletes it).
CREATE OR REPLACE FUNCTION invite_claim(p_runner bigint, p_batch bigint, p_limit integer, p_hashes text[])
RETURNS TABLE (id bigint, email text, first_name text, last_name text, account_number text, account_name text,
               attempts integer, token_index integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH alive AS (
    SELECT r.id FROM send_runner r WHERE r.id = p_runner AND r.batch_id = p_batch FOR SHARE),
  picked AS (
    SELECT p.id, row_number() OVER (ORDER BY p.id) AS token_index
      FROM (SELECT i.id FROM invitation i
             WHERE i.batch_id = p_batch AND i.status = 'QUEUED' AND i.next_attempt_at <= now()
               AND EXISTS (SELECT 1 FROM alive)
             ORDER BY i.id LIMIT p_limit
             FOR UPDATE SKIP LOCKED) p),
  claimed AS (
    UPDATE invitation i SET status = 'CLAIMED', attempts = i.attempts + 1, token_hash = h.hash, claimed_by = p_runner
      FROM picked
      JOIN unnest(p_hashes) WITH ORDINALITY AS h(hash, n) ON h.n = picked.token_index
     WHERE i.id = picked.id
    RETURNING i.id, i.email, i.contact_id, i.attempts, picked.token_index)
  SELECT cl.id, cl.email, coalesce(c.first_name, ''), coalesce(c.last_name, ''),
         coalesce(c.number, ''), coalesce(c.name, ''), cl.attempts, cl.token_index::int
    FROM claimed cl
    -- A lookup per claimed row. As a plain join the planner, which cannot estimate the CTE,
    -- merge-joined the whole contact key range up to the claimed ids (20 ms per claim at 20,000
    -- sent and growing; performance.md). OFFSET 0 keeps the subquery from being flattened.
    LEFT JOIN LATERAL (SELECT c.first_name, c.last_name, a.number, a.name
                         FROM contact c LEFT JOIN account a ON a.id = c.account_id
                        WHERE c.id = cl.contact_id OFFSET 0) c ON true
   ORDER BY cl.id;
END $$;

-- Records, durably and in one statement for several connections, that connection p_workers[i] is
-- about to hand p_handing[i] to SMTP and, when p_accepted[i] is not null, that its server accepted
-- that row at p_at_millis[i]. @return the slot rows written (fewer: the runner was settled)
CREATE OR REPLACE FUNCTION invite_hand(p_runner bigint, p_workers integer[], p_handing bigint[], p_accepted bigint[],
                                       p_at_millis bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  UPDATE send_slot s SET
    handing_id = v.handing,
    sent_ids = CASE WHEN v.accepted IS NULL THEN s.sent_ids ELSE s.sent_ids || v.accepted END,
    sent_at = CASE WHEN v.accepted IS NULL THEN s.sent_at ELSE s.sent_at || to_timestamp(v.at / 1000.0) END
    FROM unnest(p_workers, p_handing, p_accepted, p_at_millis) AS v(worker, handing, accepted, at)
   WHERE s.runner_id = p_runner AND s.worker = v.worker;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- CLAIMED → SENT for the rows the server accepted, and empties the connection's slot.
CREATE OR REPLACE FUNCTION invite_flush_sent(p_runner bigint, p_batch bigint, p_worker integer, p_ids bigint[],
                                             p_at_millis bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
  addrs text[];
  contacts bigint[];
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  UPDATE send_slot SET handing_id = NULL, sent_ids = '{}', sent_at = '{}' WHERE runner_id = p_runner AND worker = p_worker;
  -- Each row's trigger moves (and locks) its address's email_status; the contacts of exactly
  -- those addresses then follow in one statement (one run of the tally's trigger per flush, not
  -- one per message).
  -- The addresses stop waiting: the tally's change for all of them in one statement, after the
  -- rows change and before their contacts' state does (R__count_tally.sql).
  PERFORM count_tally_wait_lock();
  PERFORM set_config('invite_desk.bulk_copy', 'on', true);
  PERFORM set_config('invite_desk.wait_bulk', 'on', true);
  WITH sent AS (
    UPDATE invitation i SET status = 'SENT', sent_at = to_timestamp(x.at / 1000.0), last_error = NULL
      FROM unnest(p_ids, p_at_millis) AS x(id, at)
     WHERE i.id = x.id AND i.batch_id = p_batch AND i.status = 'CLAIMED' -- (batch_id, status) finds the claimed rows
       AND i.claimed_by = p_runner
    RETURNING i.email_norm, i.contact_id)
  SELECT count(*), array_agg(email_norm), array_agg(contact_id) INTO n, addrs, contacts FROM sent;
  PERFORM set_config('invite_desk.wait_bulk', 'off', true);
  PERFORM set_config('invite_desk.bulk_copy', 'off', true);
  IF n > 0 THEN
    PERFORM count_tally_wait_change(addrs, contacts, false);
    PERFORM email_status_copy_to_contacts(addrs);
  END IF;
  RETURN n;
END $$;

-- CLAIMED → FAILED, QUEUED (a retry p_retry_ms from now, by the database's clock) or IN_DOUBT for
-- a row that was not accepted; the slot stops naming it.
CREATE OR REPLACE FUNCTION invite_finish(p_runner bigint, p_worker integer, p_id bigint, p_status text, p_error text,
                                         p_address_rejected boolean, p_retry_ms bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  IF p_status NOT IN ('FAILED', 'QUEUED', 'IN_DOUBT') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('An unsent invitation cannot become %s.', p_status);
  END IF;
  PERFORM count_tally_wait_lock(); -- (the row may close: before its lock; R__count_tally.sql)
  UPDATE send_slot SET handing_id = NULL WHERE runner_id = p_runner AND worker = p_worker AND handing_id = p_id;
  UPDATE invitation SET status = p_status, last_error = p_error, address_rejected = p_address_rejected,
         next_attempt_at = coalesce(now() + p_retry_ms * interval '1 millisecond', next_attempt_at)
   WHERE id = p_id AND status = 'CLAIMED' AND claimed_by = p_runner;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

SELECT invite_grant_execute(f, ARRAY['invite_desk_send', 'invite_desk_sender_service'])
  FROM unnest(ARRAY[
    'invite_register_runner(text, text, bigint, text)',
    'invite_runner_heartbeat(bigint)',
    'invite_attach_runner(bigint, bigint)',
    'invite_drop_idle_runner(bigint)',
    'invite_settle_runner(bigint, bigint)',
    'invite_settle_legacy(bigint)',
    'invite_lock_batch(bigint)',
    'invite_set_batch_status(bigint, text, text, timestamptz)',
    'invite_refresh_batch_totals(bigint)',
    'invite_clear_pause_request(bigint)',
    'invite_open_slot(bigint, integer, bigint)',
    'invite_claim(bigint, bigint, integer, text[])',
    'invite_hand(bigint, integer[], bigint[], bigint[], bigint[])',
    'invite_flush_sent(bigint, bigint, integer, bigint[], bigint[])',
    'invite_finish(bigint, integer, bigint, text, text, boolean, bigint)']) f;

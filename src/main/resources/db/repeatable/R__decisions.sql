-- A person's decisions about a batch (integration.md, "Roles"): pause, resume, retry the failed
-- rows, send the rows in doubt again or take them as sent. Each checks permission 390 for the
-- user it acts for (invite_acting_user, R__queue.sql), makes its change, and records who made it
-- in batch_decision. EXECUTE is granted to invite_desk_send. The app holds the batch's exclusive
-- lock (BatchLock) where a run must not be alive, and has settled what dead runs left.

CREATE OR REPLACE FUNCTION invite_record_decision(p_batch bigint, p_decision text, p_rows integer, p_who text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
  INSERT INTO batch_decision (batch_id, decision, rows, made_by) VALUES (p_batch, p_decision, p_rows, p_who)
$$;

-- Asks whoever runs the batch to pause it (every runner looks about once a second; the last one
-- records PAUSED). @return 0 when the batch is done or gone
CREATE OR REPLACE FUNCTION invite_request_pause(p_login text, p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 390);
  UPDATE invitation_batch SET pause_requested_by = who WHERE id = p_batch AND status <> 'DONE';
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    PERFORM invite_record_decision(p_batch, 'PAUSE', NULL, who);
  END IF;
  RETURN n;
END $$;

-- A paused, scheduled or waiting batch goes back to the queue, for a sender service to take up
-- now; a batch being sent stays as it is. @return the status it had (NULL: no such batch)
CREATE OR REPLACE FUNCTION invite_resume_batch(p_login text, p_batch bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  st text;
BEGIN
  PERFORM invite_require_permission(who, 390);
  SELECT status INTO st FROM invitation_batch WHERE id = p_batch FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  UPDATE invitation_batch SET pause_requested_by = NULL WHERE id = p_batch AND pause_requested_by IS NOT NULL;
  IF st IN ('PAUSED', 'SCHEDULED', 'WAITING') THEN
    UPDATE invitation_batch SET status = 'QUEUED', status_reason = NULL, run_at = NULL, finished_at = NULL WHERE id = p_batch;
  END IF;
  PERFORM invite_record_decision(p_batch, 'RESUME', NULL, who);
  RETURN st;
END $$;

-- Re-queues the failed rows of a batch: permanent failures (5xx replies, rejected addresses) only
-- when p_include_permanent; never an address that is open in another batch. @return how many
CREATE OR REPLACE FUNCTION invite_retry_failed(p_login text, p_batch bigint, p_include_permanent boolean) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 390);
  PERFORM count_tally_wait_lock(); -- (rows open again: before their locks; R__count_tally.sql)
  UPDATE invitation i SET status = 'QUEUED', attempts = 0, next_attempt_at = now(), address_rejected = false
   WHERE i.batch_id = p_batch AND i.status = 'FAILED'
     AND (p_include_permanent
          OR NOT i.address_rejected AND i.last_error NOT LIKE '5%' AND i.last_error NOT LIKE 'Invalid address%')
     AND NOT EXISTS (SELECT 1 FROM invitation o WHERE o.email_norm = i.email_norm AND o.id <> i.id
                      AND o.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'));
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM invite_refresh_batch_totals(p_batch);
  IF n > 0 THEN
    UPDATE invitation_batch SET status = 'QUEUED', status_reason = NULL, run_at = NULL, finished_at = NULL WHERE id = p_batch;
  END IF;
  PERFORM invite_record_decision(p_batch, CASE WHEN p_include_permanent THEN 'RETRY_ALL_FAILED' ELSE 'RETRY_FAILED' END, n, who);
  RETURN n;
END $$;

-- Rows in doubt: the person decided to send them again. They wait in the queue for a resume.
CREATE OR REPLACE FUNCTION invite_resend_in_doubt(p_login text, p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 390);
  UPDATE invitation SET status = 'QUEUED', next_attempt_at = now() WHERE batch_id = p_batch AND status = 'IN_DOUBT';
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    UPDATE invitation_batch SET status = 'PAUSED', run_at = NULL, finished_at = NULL,
           status_reason = n || ' invitation(s) that were in doubt wait to be sent again: resume the batch.'
     WHERE id = p_batch;
  END IF;
  PERFORM invite_record_decision(p_batch, 'RESEND_IN_DOUBT', n, who);
  RETURN n;
END $$;

-- Rows in doubt: the person decided they were delivered. The batch is done when nothing else is left.
CREATE OR REPLACE FUNCTION invite_mark_in_doubt_sent(p_login text, p_batch bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 390);
  PERFORM count_tally_wait_lock(); -- (rows close: before their locks; R__count_tally.sql)
  UPDATE invitation SET status = 'SENT', sent_at = coalesce(sent_at, now()),
         last_error = 'Marked sent by ' || who || ' after an interrupted send.'
   WHERE batch_id = p_batch AND status = 'IN_DOUBT';
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM invite_refresh_batch_totals(p_batch);
  IF NOT EXISTS (SELECT 1 FROM invitation WHERE batch_id = p_batch AND status = 'QUEUED') THEN
    UPDATE invitation_batch SET status = 'DONE', status_reason = NULL, run_at = NULL, finished_at = now() WHERE id = p_batch;
  END IF;
  PERFORM invite_record_decision(p_batch, 'MARK_IN_DOUBT_SENT', n, who);
  RETURN n;
END $$;

SELECT invite_grant_execute('invite_record_decision(bigint, text, integer, text)', ARRAY[]::text[]);
SELECT invite_grant_execute(f, ARRAY['invite_desk_send'])
  FROM unnest(ARRAY['invite_request_pause(text, bigint)', 'invite_resume_batch(text, bigint)',
                    'invite_retry_failed(text, bigint, boolean)', 'invite_resend_in_doubt(text, bigint)',
                    'invite_mark_in_doubt_sent(text, bigint)']) f;

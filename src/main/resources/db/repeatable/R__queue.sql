-- Queueing a batch through the database's own check (integration.md, "Roles"): a person's login
-- (a member of invite_desk_send, with no right to write the tables) may queue only through this
-- SECURITY DEFINER function, which checks permission 390 for the user it acts for and records
-- that user. The app chooses the recipients with its own rights (the filters are a SELECT, built
-- in RecipientMapper.xml) and hands them over as two arrays in address order.

-- Who a write acts for: a login that may write Invite Desk's tables directly (the schema owner,
-- Invite Desk's shared login) acts for the user the app names; any other login is itself.
CREATE OR REPLACE FUNCTION invite_acting_user(p_login text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE WHEN has_table_privilege(session_user, 'invitation_batch', 'INSERT') THEN coalesce(p_login, session_user::text)
              ELSE session_user::text END
$$;

-- Refuses, with the app's own words, a user who lacks a permission (SQLSTATE 42501).
CREATE OR REPLACE FUNCTION invite_require_permission(p_user text, p_permission integer) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_user u JOIN user_permission p ON p.user_id = u.id
                  WHERE u.login = p_user AND p.permission_id = p_permission) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = format('User ''%s'' lacks permission %s "%s"; ask an administrator to grant it.', p_user, p_permission,
                       (SELECT name FROM permission WHERE id = p_permission));
  END IF;
END $$;

DROP FUNCTION IF EXISTS invite_queue_batch(text, bigint, text, bigint, text, timestamptz, timestamptz, text, boolean, bigint, bigint[], text[]);

-- One transaction's queueing (the caller holds the queue lock, LockKeys.QUEUE): the batch, one
-- QUEUED invitation per address not already open elsewhere (the unique partial index), earlier
-- invitations of the addresses superseded, the totals; DONE when nothing was queued, SCHEDULED
-- when p_send_at is given.
CREATE OR REPLACE FUNCTION invite_queue_batch(p_login text, p_division_id bigint, p_filters text, p_template_id bigint,
                                              p_from text, p_expires timestamptz, p_send_at timestamptz, p_scheduled_reason text,
                                              p_include_invited boolean, p_will_receive bigint,
                                              p_contact_ids bigint[], p_emails text[], p_norms text[])
RETURNS TABLE (batch_id bigint, queued integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  bid bigint;
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 390);
  PERFORM pg_advisory_xact_lock(7242, 0);
  PERFORM count_tally_wait_lock(); -- (the addresses start waiting: R__count_tally.sql)
  INSERT INTO invitation_batch (created_by, division_id, filters, template_id, email_from)
  VALUES (who, p_division_id, p_filters, p_template_id, p_from) RETURNING id INTO bid;
  INSERT INTO invitation (batch_id, email_norm, email, contact_id, status, expires_at)
  SELECT bid, r.norm, btrim(r.email, E' \t\r\n\u00a0'), r.id, 'QUEUED', p_expires
    FROM unnest(p_contact_ids, p_emails, p_norms) AS r(id, email, norm)
   -- defence in depth: the invitations themselves, not only the copied flag, decide that an
   -- address was never invited; a stale copy can cost a wrong count, never a second invitation
   WHERE p_include_invited OR NOT EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = r.norm
                                            AND (i.sent_at IS NOT NULL AND i.status <> 'WITHDRAWN' OR i.status = 'ACCEPTED'))
  ON CONFLICT (email_norm) WHERE status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE invitation o SET status = 'SUPERSEDED'
    FROM invitation nw
   WHERE nw.batch_id = bid AND o.email_norm = nw.email_norm AND o.id <> nw.id AND o.status IN ('SENT', 'EXPIRED', 'FAILED');
  UPDATE invitation_batch SET queued = n, skipped = greatest(0, p_will_receive - n) WHERE id = bid;
  IF n = 0 THEN
    UPDATE invitation_batch SET status = 'DONE', status_reason = 'Nothing to send: every recipient already has an invitation.',
           finished_at = now() WHERE id = bid;
  ELSIF p_send_at IS NOT NULL THEN
    UPDATE invitation_batch SET status = 'SCHEDULED', status_reason = p_scheduled_reason, run_at = p_send_at WHERE id = bid;
  END IF;
  RETURN QUERY SELECT bid, n;
END $$;

REVOKE ALL ON FUNCTION invite_queue_batch(text, bigint, text, bigint, text, timestamptz, timestamptz, text, boolean, bigint, bigint[], text[], text[])
  FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_send') THEN
    GRANT EXECUTE ON FUNCTION invite_queue_batch(text, bigint, text, bigint, text, timestamptz, timestamptz, text, boolean, bigint, bigint[], text[], text[])
      TO invite_desk_send;
  END IF;
END $$;

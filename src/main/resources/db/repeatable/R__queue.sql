-- Queueing a batch through the database's own check (integration.md, "Roles"): a person's login
-- (a member of invite_desk_send, with no right to write the tables) may queue only through this
-- SECURITY DEFINER function, which checks permission 390 for the user it acts for and records
-- that user. The app hands over the filter; the function chooses the recipients as the details'
-- "Will receive" does (RecipientMapper.xml: inScope, willReceive, one pick per address) and
-- QueueChoiceTest holds the two to the same rows under every filter.

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
DROP FUNCTION IF EXISTS invite_queue_batch(text, bigint, text, bigint, text, timestamptz, timestamptz, text, boolean, bigint, bigint[], text[], text[]);
DROP FUNCTION IF EXISTS invite_queue_batch(text, bigint, bigint, bigint, bigint, bigint, date, boolean, boolean, boolean, boolean, text, bigint, text, timestamptz, timestamptz, text, bigint);

-- The scope's conditions on the contact row c, as RecipientMapper.xml's inScope writes them; the
-- values are the statement's parameters $1..$6 (division, class, bill group, account source, site
-- source, the day service must be active on). Built from fixed text only.
DROP FUNCTION IF EXISTS invite_scope_sql(text, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean);
CREATE OR REPLACE FUNCTION invite_scope_sql(p_class boolean, p_bill_group boolean, p_source boolean, p_site boolean,
                                            p_active boolean, p_balance_due boolean, p_no_autopay boolean,
                                            p_billing_only boolean) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT 'c.division_id = $1 AND c.account_open'
      || CASE WHEN p_class THEN ' AND c.account_class_id = $2' ELSE '' END
      || CASE WHEN p_bill_group THEN ' AND c.bill_group_id = $3' ELSE '' END
      || CASE WHEN p_source THEN ' AND c.account_source_id = $4' ELSE '' END
      || CASE WHEN p_site THEN ' AND $5 = ANY (c.site_source_ids)' ELSE '' END
      || CASE WHEN p_active THEN ' AND c.service_periods @> $6' ELSE '' END
      || CASE WHEN p_balance_due THEN ' AND c.balance_due_positive' ELSE '' END
      || CASE WHEN p_no_autopay THEN ' AND NOT c.autopay_active' ELSE '' END
      || CASE WHEN p_billing_only THEN ' AND c.is_billing' ELSE '' END
$$;

-- One transaction's queueing (the caller holds the queue lock, LockKeys.QUEUE): the batch; one
-- QUEUED invitation per address that will receive under the filter (its pick: the billing contact
-- first, then the lowest id, as the details' "Will receive"), not already open elsewhere (the
-- unique partial index); earlier invitations of the addresses superseded; the totals; DONE when
-- nothing was queued, SCHEDULED when p_send_at is given. p_active_on: the day service must be
-- active on (the "active service" filter), NULL without that filter.
--
-- The recipients are chosen here, after the wait lock, in the statement that writes them: the
-- contacts read to choose them give the counts' tally its change (an address on one contact,
-- nearly all), so no contact is read twice; a queue of 100,000 read them twice before, the second
-- time by key from pages long out of the buffers (performance.md, "Queueing"). The addresses of
-- several contacts move in the tally by the address (count_tally_wait_change).
CREATE OR REPLACE FUNCTION invite_queue_batch(p_login text, p_division_id bigint, p_class_id bigint, p_bill_group_id bigint,
                                              p_account_source_id bigint, p_site_source_id bigint, p_active_on date,
                                              p_balance_due boolean, p_no_autopay boolean, p_billing_only boolean,
                                              p_include_invited boolean, p_filters text, p_template_id bigint,
                                              p_from text, p_expires timestamptz, p_send_at timestamptz, p_scheduled_reason text)
RETURNS TABLE (batch_id bigint, queued integer, skipped integer)
-- work_mem: the choice's sort and the tally's grouping of a few hundred thousand rows in memory
-- rather than on disk (a stock server's 4 MB spilled both: 1.5 s more for 250,000); jit: a server
-- built with LLVM (Debian's) would compile the statement, whose estimated cost is far above
-- jit_above_cost, each time it runs, for a plan that mostly writes rows
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET work_mem = '64MB' SET jit = off AS $$
DECLARE
  who text := invite_acting_user(p_login);
  bid bigint;
  n integer;
  chosen_n integer;
  d date;
  shared_addrs text[];
  scope_c text;
  stmt text;
BEGIN
  PERFORM invite_require_permission(who, 390);
  -- the choice reads the contacts as committed once the locks below are granted; an older
  -- snapshot (REPEATABLE READ) could choose, and move in the tally, contacts as they were
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION USING ERRCODE = '25001',
      MESSAGE = format('Queueing runs at READ COMMITTED; this transaction is %s. Start it with SET TRANSACTION ISOLATION LEVEL READ COMMITTED.',
                       upper(current_setting('transaction_isolation')));
  END IF;
  PERFORM pg_advisory_xact_lock(7242, 0);
  PERFORM count_tally_wait_lock(); -- (the addresses start waiting: R__count_tally.sql)
  d := count_tally_day();
  INSERT INTO invitation_batch (created_by, division_id, filters, template_id, email_from)
  VALUES (who, p_division_id, p_filters, p_template_id, p_from) RETURNING id INTO bid;
  scope_c := invite_scope_sql(p_class_id IS NOT NULL, p_bill_group_id IS NOT NULL, p_account_source_id IS NOT NULL,
                              p_site_source_id IS NOT NULL, p_active_on IS NOT NULL, coalesce(p_balance_due, false),
                              coalesce(p_no_autopay, false), coalesce(p_billing_only, false));
  -- the tally's change is made below, from the rows chosen, not by the insert's trigger
  PERFORM set_config('invite_desk.wait_bulk', 'on', true);
  stmt := $q$
    WITH chosen AS MATERIALIZED (
      SELECT DISTINCT ON (c.email_norm) c.id, c.email, c.email_norm, c.shared_email, c.division_id, c.account_class_id,
             c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active, c.is_billing, c.email_valid,
             c.address_state, c.service_periods @> $10 AS service_active, c.site_source_ids
        FROM contact c
       WHERE %1$s
         AND c.email_valid AND (c.address_state = 0 OR $9 AND c.address_state = 1)
         AND NOT EXISTS (SELECT 1 FROM invitation oi WHERE oi.email_norm = c.email_norm AND oi.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'))
       ORDER BY c.email_norm, c.is_billing DESC, c.id),
    written AS (
      INSERT INTO invitation (batch_id, email_norm, email, contact_id, status, expires_at)
      SELECT $7, r.email_norm, btrim(r.email, E' \t\r\n\u00a0'), r.id, 'QUEUED', $8
        FROM chosen r
       -- defence in depth: the invitations themselves, not only the copied state, decide that an
       -- address was never invited; a stale copy can cost a wrong count, never a second invitation
       WHERE $9 OR NOT EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = r.email_norm
                                 AND (i.sent_at IS NOT NULL AND i.status <> 'WITHDRAWN' OR i.status = 'ACCEPTED'))
      %2$s
      RETURNING contact_id),
    queued AS MATERIALIZED (
      SELECT r.* FROM chosen r JOIN written w ON w.contact_id = r.id),
    -- the tally's change: the queued contacts grouped by the tally's key, each group leaving its
    -- state for "waiting" (the count_tally rows are changes, summed when read: two rows of one key
    -- are as good as one)
    moved AS (
      INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                               is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
      SELECT g.division_id, g.account_class_id, g.bill_group_id, g.account_source_id, g.balance_due_positive, g.autopay_active,
             g.is_billing, g.email_valid, false, k.state, g.service_active, g.site_source_ids, k.delta * g.n
        FROM (SELECT r.division_id, r.account_class_id, r.bill_group_id, r.account_source_id, r.balance_due_positive, r.autopay_active,
                     r.is_billing, r.email_valid, r.address_state, r.service_active, r.site_source_ids, count(*) AS n
                FROM queued r
               WHERE NOT r.shared_email
               GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) g
       CROSS JOIN LATERAL (VALUES (2::smallint, 1), (g.address_state, -1)) k(state, delta)),
    -- earlier invitations of the queued addresses that were sent, expired or failed: superseded
    -- (older rows than the statement's own, which it cannot see). Without "include invited", a
    -- queued address has no sent invitation that is not withdrawn (the check above), so only the
    -- unsent ones (failed) can be there: the few of them are read and matched to the queued,
    -- rather than every queued address hashed to find none (0.4-0.6 s of 250,000)
    superseded AS (
      UPDATE invitation o SET status = 'SUPERSEDED'
        FROM queued r
       WHERE o.email_norm = r.email_norm AND o.status IN ('SENT', 'EXPIRED', 'FAILED') AND ($9 OR o.sent_at IS NULL))
    SELECT (SELECT count(*) FROM queued)::integer, (SELECT count(*) FROM chosen)::integer,
           ARRAY(SELECT r.email_norm FROM queued r WHERE r.shared_email ORDER BY r.email_norm)
  $q$;
  -- Every writer that opens invitations holds the wait lock taken above until it commits, so the
  -- choice (made after it) sees their open invitations and leaves those addresses out: a plain
  -- INSERT, without ON CONFLICT's extra probe of the unique index per row (0.1-0.26 s of every
  -- 100,000). A writer that opened one without the lock meets the unique index: the statement is
  -- undone and made again, skipping what is open by then.
  BEGIN
    EXECUTE format(stmt, scope_c, '')
    INTO n, chosen_n, shared_addrs
    USING p_division_id, p_class_id, p_bill_group_id, p_account_source_id, p_site_source_id, p_active_on, bid, p_expires,
          coalesce(p_include_invited, false), d;
  EXCEPTION WHEN unique_violation THEN
    EXECUTE format(stmt, scope_c, $c$ON CONFLICT (email_norm) WHERE status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') DO NOTHING$c$)
    INTO n, chosen_n, shared_addrs
    USING p_division_id, p_class_id, p_bill_group_id, p_account_source_id, p_site_source_id, p_active_on, bid, p_expires,
          coalesce(p_include_invited, false), d;
  END;
  PERFORM set_config('invite_desk.wait_bulk', 'off', true);
  -- the addresses of several contacts: all their contacts, by the address
  PERFORM count_tally_wait_change(shared_addrs, NULL::bigint[], true);
  -- skipped: chosen, but found invited after all by the invitations themselves, or open elsewhere
  UPDATE invitation_batch SET queued = n, skipped = chosen_n - n WHERE id = bid;
  IF n = 0 THEN
    UPDATE invitation_batch SET status = 'DONE', status_reason = 'Nothing to send: every recipient already has an invitation.',
           finished_at = now() WHERE id = bid;
  ELSIF p_send_at IS NOT NULL THEN
    UPDATE invitation_batch SET status = 'SCHEDULED', status_reason = p_scheduled_reason, run_at = p_send_at WHERE id = bid;
  END IF;
  RETURN QUERY SELECT bid, n, chosen_n - n;
END $$;

REVOKE ALL ON FUNCTION invite_queue_batch(text, bigint, bigint, bigint, bigint, bigint, date, boolean, boolean, boolean, boolean, text, bigint, text, timestamptz, timestamptz, text)
  FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_send') THEN
    GRANT EXECUTE ON FUNCTION invite_queue_batch(text, bigint, bigint, bigint, bigint, bigint, date, boolean, boolean, boolean, boolean, text, bigint, text, timestamptz, timestamptz, text)
      TO invite_desk_send;
  END IF;
END $$;

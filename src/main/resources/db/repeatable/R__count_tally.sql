-- The counts' tally (V23): count_tally is the sum, per key, of the contacts of open accounts,
--   key = division, class, bill group, account source, balance due > 0, autopay, billing contact,
--         valid address, shared address, address state, service active on count_day.day, site sources
-- written as signed deltas by the statement triggers below from contact's own transition tables
-- (the rows as they were and as they are), so it is right whatever changed a contact and however
-- many sessions write at once: two updates of one contact queue on its row lock, and the second's
-- "as they were" is the first's "as they are". design.md, "Derived columns".
--
-- The address state the tally counts is the contact's address_state (its address's settled
-- state: 0 none, 1 sent, 3 portal, 4 undeliverable) except while the address has an open
-- invitation (queued, claimed, sending, in doubt) and is neither portal nor undeliverable: then 2,
-- waiting. Whether an address waits is read from the invitations (the unique index on open ones),
-- never copied to a row, so queueing a batch writes no contact and no email_status row: the
-- contacts of the addresses that start or stop waiting move between their state and 2 in the
-- tally (count_tally_wait_change), one statement per queue or flush.
--
-- The lock on "which addresses wait" (advisory 7242, 5): every statement that writes contact or
-- email_status takes it shared before it touches a row (the BEFORE STATEMENT triggers below);
-- whoever changes whether an address waits takes it exclusively first (the queue, the send engine
-- and the decisions take it at their start, before any row lock). So the contacts a wait change
-- reads are committed and stay so until it commits, and a contact's trigger reads every wait
-- change committed. A writer at REPEATABLE READ or SERIALIZABLE reads with an older snapshot: it
-- locks count_wait_clock, which every wait change moves, and gets a serialisation error (retry)
-- when one committed after its snapshot.

-- A contact's state as the tally counts it: its address's settled state, or 2 while the address
-- waits (unless portal or undeliverable).
CREATE OR REPLACE FUNCTION count_tally_state(settled smallint, waiting boolean) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN waiting AND settled IN (0, 1) THEN 2::smallint ELSE settled END
$$;

-- The day, read after the lock (a new snapshot under READ COMMITTED). A writer at REPEATABLE READ
-- or SERIALIZABLE reads with its transaction's snapshot, which may predate a daily step: it locks
-- the row instead, and gets a serialisation error (retry) rather than a delta for the wrong day.
CREATE OR REPLACE FUNCTION count_tally_day() RETURNS date LANGUAGE plpgsql AS $$
DECLARE
  d date;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7242, 4);
  IF current_setting('transaction_isolation') = 'read committed' THEN
    SELECT day INTO d FROM count_day;
  ELSE
    SELECT day INTO d FROM count_day FOR SHARE;
  END IF;
  RETURN d;
END $$;

-- Taken shared by every statement that writes contact or email_status, before its first row.
CREATE OR REPLACE FUNCTION count_tally_wait_lock_shared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7242, 5);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS contact_wait_lock ON contact;
CREATE TRIGGER contact_wait_lock BEFORE INSERT OR UPDATE OR DELETE ON contact
  FOR EACH STATEMENT EXECUTE FUNCTION count_tally_wait_lock_shared();
DROP TRIGGER IF EXISTS email_status_wait_lock ON email_status;
CREATE TRIGGER email_status_wait_lock BEFORE INSERT OR UPDATE OR DELETE ON email_status
  FOR EACH STATEMENT EXECUTE FUNCTION count_tally_wait_lock_shared();

-- Taken by whoever changes whether an address waits, before any row lock; moves the clock once per
-- transaction.
CREATE OR REPLACE FUNCTION count_tally_wait_lock() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7242, 5);
  IF coalesce(current_setting('invite_desk.wait_clock', true), '') <> 'moved' THEN
    UPDATE count_wait_clock SET n = n + 1;
    PERFORM set_config('invite_desk.wait_clock', 'moved', true);
  END IF;
END $$;

-- Addresses that start (p_waiting) or stop waiting: their contacts of open accounts whose address
-- is neither portal nor undeliverable move between their settled state and 2. p_contacts names
-- each address's invitation's contact when known: while that contact has the address and is its
-- only one (not shared_email), it is the address's only contact, read once by its key, in key order
-- (the table's order: a queue of 100,000 reads its contacts' pages in one sweep); the other
-- addresses' contacts are read by the address. A generic plan: with the arrays' real lengths the
-- planner may pick a scan of every contact.
CREATE OR REPLACE FUNCTION count_tally_wait_change(p_addrs text[], p_contacts bigint[], p_waiting boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  d date;
  sign integer := CASE WHEN p_waiting THEN 1 ELSE -1 END;
BEGIN
  IF coalesce(cardinality(p_addrs), 0) = 0 THEN RETURN; END IF;
  PERFORM count_tally_wait_lock();
  d := count_tally_day();
  IF cardinality(p_addrs) <= 1000 THEN
    -- a flush, a decision, a single row: by the address (the fixed cost of the way below is
    -- about 2 ms, most of a flush of a few messages)
    INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                             is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
    SELECT c.division_id, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active,
           c.is_billing, c.email_valid, c.shared_email, k.state, c.service_periods @> d, c.site_source_ids, sum(k.delta)
      FROM contact c CROSS JOIN LATERAL (VALUES (2::smallint, sign), (c.address_state, -sign)) k(state, delta)
     WHERE c.email_norm IN (SELECT unnest(p_addrs)) AND c.account_open AND c.division_id IS NOT NULL AND c.address_state IN (0, 1)
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
    RETURN;
  END IF;
  INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                           is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
  WITH own AS MATERIALIZED (
    SELECT u.a, c.id, c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id,
           c.balance_due_positive, c.autopay_active, c.is_billing, c.email_valid, c.shared_email, c.address_state,
           c.service_periods, c.site_source_ids
      FROM (SELECT u.a, u.k FROM unnest(p_addrs, p_contacts) u(a, k) WHERE u.a IS NOT NULL ORDER BY u.k) u
      LEFT JOIN contact c ON c.id = u.k AND c.email_norm = u.a AND NOT c.shared_email)
  SELECT c.division_id, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active,
         c.is_billing, c.email_valid, c.shared_email, k.state, c.service_periods @> d, c.site_source_ids, sum(k.delta)
    FROM (SELECT o.division_id, o.account_open, o.account_class_id, o.bill_group_id, o.account_source_id, o.balance_due_positive,
                 o.autopay_active, o.is_billing, o.email_valid, o.shared_email, o.address_state, o.service_periods, o.site_source_ids
            FROM own o WHERE o.id IS NOT NULL
          UNION ALL
          SELECT c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive,
                 c.autopay_active, c.is_billing, c.email_valid, c.shared_email, c.address_state, c.service_periods, c.site_source_ids
            FROM contact c WHERE c.email_norm IN (SELECT o.a FROM own o WHERE o.id IS NULL)) c
   CROSS JOIN LATERAL (VALUES (2::smallint, sign), (c.address_state, -sign)) k(state, delta)
   WHERE c.account_open AND c.division_id IS NOT NULL AND c.address_state IN (0, 1)
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
END $$;

-- SECURITY DEFINER: a billing system's login that may write contact need not be granted the tally.
CREATE OR REPLACE FUNCTION count_tally_on_contact() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  d date := count_tally_day();
BEGIN
  -- (whether each row's address waits: one probe of the open invitations' index per row, never a
  -- join, which the planner may make a scan of every invitation for a flush of a few contacts)
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    PERFORM 1 FROM count_wait_clock FOR SHARE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                             is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
    SELECT r.division_id, r.account_class_id, r.bill_group_id, r.account_source_id, r.balance_due_positive, r.autopay_active,
           r.is_billing, r.email_valid, r.shared_email,
           CASE WHEN r.address_state IN (0, 1) AND EXISTS (SELECT 1 FROM invitation w WHERE w.email_norm = r.email_norm
                   AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OFFSET 0) THEN 2::smallint ELSE r.address_state END,
           r.service_periods @> d, r.site_source_ids, count(*)
      FROM new_rows r
     WHERE r.account_open AND r.division_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                             is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
    SELECT r.division_id, r.account_class_id, r.bill_group_id, r.account_source_id, r.balance_due_positive, r.autopay_active,
           r.is_billing, r.email_valid, r.shared_email,
           CASE WHEN r.address_state IN (0, 1) AND EXISTS (SELECT 1 FROM invitation w WHERE w.email_norm = r.email_norm
                   AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OFFSET 0) THEN 2::smallint ELSE r.address_state END,
           r.service_periods @> d, r.site_source_ids, -count(*)
      FROM old_rows r
     WHERE r.account_open AND r.division_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  ELSE
    INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                             is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
    SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
           is_billing, email_valid, shared_email, address_state, active, site_source_ids, sum(delta)
      FROM (SELECT r.division_id, r.account_class_id, r.bill_group_id, r.account_source_id, r.balance_due_positive, r.autopay_active,
                   r.is_billing, r.email_valid, r.shared_email,
                   CASE WHEN r.address_state IN (0, 1) AND EXISTS (SELECT 1 FROM invitation w WHERE w.email_norm = r.email_norm
                   AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OFFSET 0) THEN 2::smallint ELSE r.address_state END AS address_state,
                   r.service_periods @> d AS active, r.site_source_ids, 1 AS delta
              FROM new_rows r
             WHERE r.account_open AND r.division_id IS NOT NULL
            UNION ALL
            SELECT r.division_id, r.account_class_id, r.bill_group_id, r.account_source_id, r.balance_due_positive, r.autopay_active,
                   r.is_billing, r.email_valid, r.shared_email,
                   CASE WHEN r.address_state IN (0, 1) AND EXISTS (SELECT 1 FROM invitation w WHERE w.email_norm = r.email_norm
                   AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OFFSET 0) THEN 2::smallint ELSE r.address_state END,
                   r.service_periods @> d, r.site_source_ids, -1
              FROM old_rows r
             WHERE r.account_open AND r.division_id IS NOT NULL) x
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    HAVING sum(delta) <> 0;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS contact_tally_insert ON contact;
CREATE TRIGGER contact_tally_insert AFTER INSERT ON contact
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_tally_on_contact();
DROP TRIGGER IF EXISTS contact_tally_update ON contact;
CREATE TRIGGER contact_tally_update AFTER UPDATE ON contact
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_tally_on_contact();
DROP TRIGGER IF EXISTS contact_tally_delete ON contact;
CREATE TRIGGER contact_tally_delete AFTER DELETE ON contact
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_tally_on_contact();

CREATE OR REPLACE FUNCTION count_tally_on_contact_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  TRUNCATE count_tally;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS contact_tally_truncate ON contact;
CREATE TRIGGER contact_tally_truncate AFTER TRUNCATE ON contact
  FOR EACH STATEMENT EXECUTE FUNCTION count_tally_on_contact_truncate();

-- The tally rebuilt from the contacts (a load with the triggers off, a repair of check-counts, the
-- end of this file). Contact is held against writers (SHARE: a writer's statement waits until
-- commit), the tally against a fold in progress and a wait change (EXCLUSIVE: readers go on; a
-- queue not yet committed writes its change after, from what this leaves), and the day is set to
-- the server's date (which also undoes a day set too far ahead). It does not take the wait lock:
-- a wait change that holds it may be waiting to write a contact, which SHARE holds back.
CREATE OR REPLACE FUNCTION count_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE contact IN SHARE MODE;
  LOCK TABLE count_tally IN EXCLUSIVE MODE;
  PERFORM pg_advisory_xact_lock(7242, 4);
  UPDATE count_day SET day = CURRENT_DATE WHERE day IS DISTINCT FROM CURRENT_DATE;
  DELETE FROM count_tally;
  INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                           is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts, settled)
  SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
         is_billing, email_valid, shared_email, count_tally_state(c.address_state, w.id IS NOT NULL),
         service_periods @> (SELECT day FROM count_day), site_source_ids, count(*), true
    FROM contact c LEFT JOIN invitation w ON w.email_norm = c.email_norm AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')
   WHERE account_open AND division_id IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
END $$;

-- The daily step: the tally's service_active moved from count_day.day to p_day, for the contacts
-- whose accounts' services start or end in between. It takes the day's lock only when no writer
-- holds it (never waits, so it never joins a deadlock): false when it could not, or when p_day is
-- before the tally's day (a client whose clock is behind) or more than a day after the server's;
-- the caller then counts the slow way.
CREATE OR REPLACE FUNCTION invite_count_day_advance(p_day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  d date;
BEGIN
  SELECT day INTO d FROM count_day;
  IF d = p_day THEN RETURN true; END IF;
  -- never back, and never further than a computer a day ahead of the server (time zones)
  IF p_day < d OR p_day > CURRENT_DATE + 1 OR NOT pg_try_advisory_xact_lock(7242, 4) THEN RETURN false; END IF;
  SELECT day INTO d FROM count_day; -- again, under the lock
  IF d = p_day THEN RETURN true; END IF;
  IF p_day < d THEN RETURN false; END IF;
  INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                           is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts)
  SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
         is_billing, email_valid, shared_email, address_state, active, site_source_ids, sum(delta)
    FROM (SELECT c.division_id, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active,
                 c.is_billing, c.email_valid, c.shared_email, count_tally_state(c.address_state, w.id IS NOT NULL) AS address_state, k.active,
                 c.site_source_ids, k.delta
            FROM contact c
            LEFT JOIN invitation w ON w.email_norm = c.email_norm AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')
            CROSS JOIN LATERAL (VALUES (c.service_periods @> p_day, 1), (c.service_periods @> d, -1)) k(active, delta)
           WHERE c.account_open AND c.division_id IS NOT NULL AND c.service_periods <> '{}'
             AND (c.service_periods @> p_day) <> (c.service_periods @> d)) x
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  UPDATE count_day SET day = p_day;
  RETURN true;
END $$;

-- Folds a division's deltas together (a delta is written per changed key and statement; many
-- sends leave many). One statement: a reader sees the rows before or after, never half; rows
-- written meanwhile are left for the next time. Returns how many rows it folded.
CREATE OR REPLACE FUNCTION invite_count_tally_settle(p_division bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  WITH gone AS (DELETE FROM count_tally WHERE division_id = p_division RETURNING *),
       kept AS (INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive,
                                         autopay_active, is_billing, email_valid, shared_email, address_state, service_active,
                                         site_source_ids, contacts, settled)
                SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                       is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, sum(contacts), true
                  FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 HAVING sum(contacts) <> 0
                RETURNING 1)
  SELECT count(*) INTO n FROM gone;
  RETURN n;
END $$;

-- Folding changes no count, so whoever may look may fold (the window folds after a count); the
-- daily step moves the day only to what the server's date allows.
REVOKE ALL ON FUNCTION invite_count_day_advance(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION invite_count_tally_settle(bigint) FROM PUBLIC;
-- the wait change writes the tally as its owner: only the triggers and functions that own it call it
REVOKE ALL ON FUNCTION count_tally_wait_change(text[], bigint[], boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION count_tally_wait_lock() FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_look') THEN
    GRANT EXECUTE ON FUNCTION invite_count_day_advance(date) TO invite_desk_look;
    GRANT EXECUTE ON FUNCTION invite_count_tally_settle(bigint) TO invite_desk_look;
    GRANT SELECT ON count_tally, count_day TO invite_desk_look;
  END IF;
END $$;

-- Last, in the same transaction as the triggers above: the tally from the contacts as they are.
-- V23 filled it in its own transaction; a contact written between that and these triggers would
-- otherwise be missed for good.
SELECT count_tally_rebuild();

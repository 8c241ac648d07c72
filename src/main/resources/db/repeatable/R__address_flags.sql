-- Address flags: what the counts know about an e-mail address, and the copies on each contact.
--
--   invitation, portal_account --> email_status (one row per lower-cased address)
--                                      |  sent, has_portal, undeliverable_reason -> state
--                                      v
--                                  contact.address_state (the copy the counts' tally reads)
--   contact (insert, e-mail change) --> contact.shared_email (another contact has the address)
--
-- Rules (integration.md): an address *has a portal account* when a portal_account row has it or
-- one of its invitations has the status ACCEPTED (accepted_at alone is not acceptance; the
-- database fills it when missing); it was *sent* an invitation when one has a sent_at and was not
-- withdrawn (WITHDRAWN: its link no longer works); it is *undeliverable* when a mail server
-- rejected the address itself and nothing was delivered to it since. state (V15, V26) orders
-- them: 4 undeliverable, 3 portal, 1 sent, 0 none: the address's settled state. invited (an
-- invitation that is no longer open), times_invited, last_invited_at and last_status (the newest
-- such invitation's) serve the details window.
--
-- An address *waits* while it has an open invitation (QUEUED, CLAIMED, SENDING, IN_DOUBT: at most
-- one, by the unique index). That is read from the invitations themselves and copied nowhere: the
-- counts' tally moves the address's contacts to state 2 and back (R__count_tally.sql,
-- count_tally_wait_change), so queueing writes no email_status and no contact row.
--
-- Concurrency: every writer that reads or changes an address's flags first locks that address's
-- email_status row (creating it when missing), in address order, and reads after the lock. Two
-- transactions touching one address therefore run one after the other, and the result equals a
-- serial order, under READ COMMITTED, without serialisation failures. Whether addresses wait is
-- guarded by the tally's wait lock instead (R__count_tally.sql).
-- design.md, "Derived columns", lists each copy with its source, trigger and index.

-- Recomputes the flags of some addresses from the sources (after a delete, a changed address, an
-- acceptance withdrawn), and copies them to the contacts. Also the repair of check-counts.
CREATE OR REPLACE FUNCTION email_status_refresh(addrs text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_status (email_norm)
  SELECT DISTINCT a FROM unnest(addrs) a WHERE a IS NOT NULL ORDER BY a ON CONFLICT DO NOTHING;
  PERFORM 1 FROM email_status WHERE email_norm IN (SELECT unnest(addrs)) ORDER BY email_norm FOR NO KEY UPDATE;
  UPDATE email_status s SET invited = x.invited, times_invited = x.times_invited, last_invited_at = x.last_invited_at,
         accepted_at = x.accepted_at, has_portal = x.has_portal, last_status = x.last_status,
         sent = x.sent, undeliverable_reason = x.undeliverable_reason
    FROM (SELECT e.email_norm,
                 EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm
                          AND i.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) AS invited,
                 EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm AND i.sent_at IS NOT NULL
                          AND i.status <> 'WITHDRAWN') AS sent,
                 (SELECT i.last_error FROM invitation i WHERE i.email_norm = e.email_norm AND i.address_rejected
                     AND NOT EXISTS (SELECT 1 FROM invitation j WHERE j.email_norm = e.email_norm AND j.id > i.id AND j.sent_at IS NOT NULL)
                   ORDER BY i.id DESC LIMIT 1) AS undeliverable_reason,
                 (SELECT count(*) FROM invitation i WHERE i.email_norm = e.email_norm AND i.sent_at IS NOT NULL)::int AS times_invited,
                 (SELECT max(i.sent_at) FROM invitation i WHERE i.email_norm = e.email_norm) AS last_invited_at,
                 (SELECT max(i.accepted_at) FROM invitation i WHERE i.email_norm = e.email_norm AND i.status = 'ACCEPTED') AS accepted_at,
                 EXISTS (SELECT 1 FROM portal_account p WHERE p.email_norm = e.email_norm)
                   OR EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm AND i.status = 'ACCEPTED') AS has_portal,
                 (SELECT i.status FROM invitation i WHERE i.email_norm = e.email_norm
                     AND i.status NOT IN ('SUPERSEDED','QUEUED','CLAIMED','SENDING','IN_DOUBT')
                   ORDER BY i.id DESC LIMIT 1) AS last_status
            FROM (SELECT DISTINCT a AS email_norm FROM unnest(addrs) a WHERE a IS NOT NULL) e) x
   WHERE s.email_norm = x.email_norm
     AND (s.invited, s.times_invited, s.last_invited_at, s.accepted_at, s.has_portal, s.last_status, s.sent,
          s.undeliverable_reason)
         IS DISTINCT FROM (x.invited, x.times_invited, x.last_invited_at, x.accepted_at, x.has_portal, x.last_status, x.sent,
          x.undeliverable_reason);
END $$;

-- Copies the flags of some addresses to their contacts in one statement. The bulk paths (a
-- queued batch, a load of portal accounts) use it instead of one statement per address.
-- Arrays are always read as IN (SELECT unnest(array)), a join, never as = ANY(array): with
-- PostgreSQL's stock settings the planner may scan the whole table and test every row against
-- the whole array (rows times array length: a 2M-account demo load never finished; #20).
-- The addresses are visited in address order (the indexes on email_norm are then read in order,
-- not at random: a third less time for 100,000 addresses at two million accounts).
CREATE OR REPLACE FUNCTION email_status_copy_to_contacts(addrs text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact c SET address_state = s.state
    FROM (SELECT DISTINCT a FROM unnest(addrs) a ORDER BY a) x, email_status s
   WHERE c.email_norm = x.a AND s.email_norm = x.a AND c.address_state <> s.state;
END $$;

-- The bulk paths set this for the rest of the transaction while they copy the flags themselves,
-- so the row trigger on email_status does not copy them a second time, one address at a time.
CREATE OR REPLACE FUNCTION email_status_bulk_copy() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('invite_desk.bulk_copy', true), '') = 'on'
$$;

-- Invitations: the address is derived from the address as written; ACCEPTED gets its date.
CREATE OR REPLACE FUNCTION invitation_normalise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email_norm := invite_email_norm(NEW.email);
  IF NEW.status = 'ACCEPTED' AND NEW.accepted_at IS NULL THEN NEW.accepted_at := now(); END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS invitation_normalise ON invitation;
CREATE TRIGGER invitation_normalise BEFORE INSERT OR UPDATE ON invitation
  FOR EACH ROW
  WHEN (NEW.email_norm IS DISTINCT FROM invite_email_norm(NEW.email) OR (NEW.status = 'ACCEPTED' AND NEW.accepted_at IS NULL))
  EXECUTE FUNCTION invitation_normalise();

-- New invitations. Open ones (a queued batch) make their addresses wait: the tally's change only,
-- first, so the contacts any later step changes are read as waiting. The others (a load of
-- history: sent, accepted, failed…) make their addresses invited, in address order (the upsert
-- locks each row), and the contacts' flags follow in one statement.
CREATE OR REPLACE FUNCTION email_status_on_invitation_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  addrs text[];
BEGIN
  -- (the queue, which sets invite_desk.wait_bulk, makes the change itself from the contacts it chose)
  IF NOT invitation_wait_bulk() THEN
    PERFORM count_tally_wait_change(ARRAY(SELECT n.email_norm FROM new_rows n WHERE n.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') ORDER BY n.id),
                                    ARRAY(SELECT n.contact_id FROM new_rows n WHERE n.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') ORDER BY n.id),
                                    true);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')
                                            OR n.sent_at IS NOT NULL OR n.address_rejected) THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('invite_desk.bulk_copy', 'on', true);
  INSERT INTO email_status AS s (email_norm, invited, times_invited, last_invited_at, accepted_at, has_portal, last_status, sent)
  SELECT email_norm, bool_or(status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')),
         count(*) FILTER (WHERE sent_at IS NOT NULL),
         max(sent_at), max(accepted_at) FILTER (WHERE status = 'ACCEPTED'), bool_or(status = 'ACCEPTED'),
         (array_agg(status ORDER BY id DESC) FILTER (WHERE status NOT IN ('SUPERSEDED','QUEUED','CLAIMED','SENDING','IN_DOUBT')))[1],
         bool_or(sent_at IS NOT NULL AND status <> 'WITHDRAWN')
    FROM new_rows
   WHERE status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OR sent_at IS NOT NULL OR address_rejected
   GROUP BY email_norm ORDER BY email_norm
  ON CONFLICT (email_norm) DO UPDATE SET
    invited = s.invited OR EXCLUDED.invited,
    sent = s.sent OR EXCLUDED.sent,
    times_invited = s.times_invited + EXCLUDED.times_invited,
    last_invited_at = greatest(s.last_invited_at, EXCLUDED.last_invited_at),
    accepted_at = coalesce(s.accepted_at, EXCLUDED.accepted_at),
    has_portal = s.has_portal OR EXCLUDED.has_portal,
    last_status = coalesce(EXCLUDED.last_status, s.last_status);
  PERFORM set_config('invite_desk.bulk_copy', 'off', true);
  addrs := ARRAY(SELECT DISTINCT n.email_norm FROM new_rows n
                  WHERE n.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') OR n.sent_at IS NOT NULL OR n.address_rejected);
  PERFORM email_status_copy_to_contacts(addrs);
  -- rows loaded with a rejection, or sent to an address marked undeliverable: the slow, exact way
  addrs := ARRAY(SELECT DISTINCT n.email_norm FROM new_rows n
                  WHERE n.address_rejected OR (n.sent_at IS NOT NULL AND EXISTS
                    (SELECT 1 FROM email_status u WHERE u.email_norm = n.email_norm AND u.undeliverable_reason IS NOT NULL)));
  IF cardinality(addrs) > 0 THEN PERFORM email_status_refresh(addrs); END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS invitation_insert_status ON invitation;
CREATE TRIGGER invitation_insert_status AFTER INSERT ON invitation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_invitation_insert();

-- An invitation that opens or closes (sent, failed, retried, deleted, moved to another address):
-- its address starts or stops waiting, in the tally, before the row changes and before any
-- trigger after it changes a contact. Functions that change many rows at once (the send engine's
-- flush) set invite_desk.wait_bulk and make the change themselves, for all rows in one statement.
CREATE OR REPLACE FUNCTION invitation_wait_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') THEN
    PERFORM count_tally_wait_change(ARRAY[OLD.email_norm], ARRAY[OLD.contact_id], false);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') THEN
      PERFORM count_tally_wait_change(ARRAY[NEW.email_norm], ARRAY[NEW.contact_id], true);
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;
CREATE OR REPLACE FUNCTION invitation_wait_bulk() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('invite_desk.wait_bulk', true), '') = 'on'
$$;
DROP TRIGGER IF EXISTS invitation_wait_update ON invitation;
CREATE TRIGGER invitation_wait_update BEFORE UPDATE ON invitation
  FOR EACH ROW
  WHEN (((OLD.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) IS DISTINCT FROM (NEW.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'))
         OR (OLD.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') AND OLD.email_norm IS DISTINCT FROM NEW.email_norm))
        AND NOT invitation_wait_bulk())
  EXECUTE FUNCTION invitation_wait_change();
DROP TRIGGER IF EXISTS invitation_wait_delete ON invitation;
CREATE TRIGGER invitation_wait_delete BEFORE DELETE ON invitation
  FOR EACH ROW WHEN (OLD.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'))
  EXECUTE FUNCTION invitation_wait_change();

-- An invitation sent, accepted or otherwise changed. A row-level trigger that fires only when
-- something email_status keeps has changed (moves between open states, claimed, sending, in
-- doubt or queued again, do not fire it): one primary-key update each, which waits for the address's lock and applies to its
-- newest state. An acceptance withdrawn or an invitation moved to another address recomputes.
CREATE OR REPLACE FUNCTION email_status_on_invitation_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.email_norm IS DISTINCT FROM NEW.email_norm OR (OLD.status = 'ACCEPTED' AND NEW.status IS DISTINCT FROM 'ACCEPTED')
     OR (NEW.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') AND OLD.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'))
     OR ((OLD.status = 'WITHDRAWN') IS DISTINCT FROM (NEW.status = 'WITHDRAWN'))
     OR OLD.address_rejected IS DISTINCT FROM NEW.address_rejected OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS NULL)
     OR (NEW.sent_at IS NOT NULL AND OLD.sent_at IS NULL
         AND EXISTS (SELECT 1 FROM email_status u WHERE u.email_norm = NEW.email_norm AND u.undeliverable_reason IS NOT NULL)) THEN
    PERFORM email_status_refresh(ARRAY[OLD.email_norm, NEW.email_norm]);
    RETURN NULL;
  END IF;
  UPDATE email_status s SET
    invited = s.invited OR NEW.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT'),
    times_invited = s.times_invited
                    + CASE WHEN NEW.sent_at IS NOT NULL AND OLD.sent_at IS NULL THEN 1 ELSE 0 END,
    last_invited_at = greatest(s.last_invited_at, NEW.sent_at),
    accepted_at = CASE WHEN NEW.status = 'ACCEPTED' THEN greatest(s.accepted_at, NEW.accepted_at) ELSE s.accepted_at END,
    has_portal = s.has_portal OR NEW.status = 'ACCEPTED',
    sent = s.sent OR (NEW.sent_at IS NOT NULL AND NEW.status <> 'WITHDRAWN'),
    -- a rejection, or a send to an undeliverable address, takes the refresh above
    -- The status shown is that of the address's newest invitation that is no longer open; a
    -- superseded one never shows.
    last_status = CASE
        WHEN NEW.status IN ('SUPERSEDED','QUEUED','CLAIMED','SENDING','IN_DOUBT') THEN s.last_status
        WHEN EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = NEW.email_norm AND i.id > NEW.id
                      AND i.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) THEN s.last_status
        ELSE NEW.status END
  WHERE s.email_norm = NEW.email_norm;
  IF NOT FOUND THEN
    PERFORM email_status_refresh(ARRAY[NEW.email_norm]);
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS invitation_update_status ON invitation;
CREATE TRIGGER invitation_update_status AFTER UPDATE ON invitation
  FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status
         AND NOT (OLD.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT') AND NEW.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')))
        OR OLD.sent_at IS DISTINCT FROM NEW.sent_at
        OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at
        OR OLD.email_norm IS DISTINCT FROM NEW.email_norm
        OR OLD.address_rejected IS DISTINCT FROM NEW.address_rejected)
  EXECUTE FUNCTION email_status_on_invitation_row_update();

-- Invitations deleted (a history purge): their addresses are recomputed.
CREATE OR REPLACE FUNCTION email_status_on_invitation_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM email_status_refresh(ARRAY(SELECT DISTINCT o.email_norm FROM old_rows o));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS invitation_delete_status ON invitation;
CREATE TRIGGER invitation_delete_status AFTER DELETE ON invitation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_invitation_delete();

-- Portal accounts: the address is derived from the address as written (email), or normalised
-- when only email_norm is written.
CREATE OR REPLACE FUNCTION portal_account_normalise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email_norm := invite_email_norm(coalesce(NEW.email, NEW.email_norm));
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS portal_account_normalise ON portal_account;
CREATE TRIGGER portal_account_normalise BEFORE INSERT OR UPDATE ON portal_account
  FOR EACH ROW EXECUTE FUNCTION portal_account_normalise();

-- A portal account marks its address has_portal (in address order), and the contacts follow.
CREATE OR REPLACE FUNCTION email_status_on_portal_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('invite_desk.bulk_copy', 'on', true);
  INSERT INTO email_status AS s (email_norm, has_portal)
  SELECT DISTINCT email_norm, true FROM new_rows ORDER BY email_norm
  ON CONFLICT (email_norm) DO UPDATE SET has_portal = true;
  PERFORM set_config('invite_desk.bulk_copy', 'off', true);
  PERFORM email_status_copy_to_contacts(ARRAY(SELECT DISTINCT n.email_norm FROM new_rows n));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS portal_insert_status ON portal_account;
CREATE TRIGGER portal_insert_status AFTER INSERT ON portal_account
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_portal_insert();

-- A portal account deleted or moved to another address: both addresses are recomputed.
CREATE OR REPLACE FUNCTION email_status_on_portal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM email_status_refresh(ARRAY(SELECT DISTINCT o.email_norm FROM old_rows o));
  ELSE
    PERFORM email_status_refresh(ARRAY(
      SELECT o.email_norm FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.email_norm IS DISTINCT FROM o.email_norm
      UNION SELECT n.email_norm FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.email_norm IS DISTINCT FROM o.email_norm));
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS portal_delete_status ON portal_account;
CREATE TRIGGER portal_delete_status AFTER DELETE ON portal_account
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_portal_change();
DROP TRIGGER IF EXISTS portal_update_status ON portal_account;
CREATE TRIGGER portal_update_status AFTER UPDATE ON portal_account
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_portal_change();

-- email_status -> contact.address_state. A new status row is copied when it is not "none"; a
-- changed one is copied, unless a bulk path copies it itself.
CREATE OR REPLACE FUNCTION email_status_to_contacts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM email_status_copy_to_contacts(ARRAY(SELECT n.email_norm FROM new_rows n WHERE n.state <> 0));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS email_status_to_contacts_insert ON email_status;
CREATE TRIGGER email_status_to_contacts_insert AFTER INSERT ON email_status
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_to_contacts_insert();

CREATE OR REPLACE FUNCTION email_status_to_contacts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET address_state = NEW.state WHERE email_norm = NEW.email_norm AND address_state <> NEW.state;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS email_status_to_contacts_update ON email_status;
CREATE TRIGGER email_status_to_contacts_update AFTER UPDATE ON email_status
  FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state AND NOT email_status_bulk_copy())
  EXECUTE FUNCTION email_status_to_contacts_update();

-- New contacts: their addresses get a status row if they have none, and are locked in address
-- order with the accounts (R__account_copies.sql, contact_lock_and_copy); after the locks the
-- copies are read again, so a concurrent invitation, portal account, account change or twin
-- contact is never missed. contact.shared_email: true when another contact has the same address,
-- so only those addresses go through count(DISTINCT). A stale true is harmless (it only sends an
-- address through DISTINCT), so deletes do not clear it.
CREATE OR REPLACE FUNCTION contact_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contact_lock_and_copy(ARRAY(SELECT n.id FROM new_rows n));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS contact_mark_shared_on_insert ON contact;
DROP TRIGGER IF EXISTS contact_after_insert ON contact;
DROP FUNCTION IF EXISTS contact_mark_shared_on_insert();
CREATE TRIGGER contact_after_insert AFTER INSERT ON contact
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_after_insert();

-- A contact given another address or moved to another account: the same, for that row.
CREATE OR REPLACE FUNCTION contact_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contact_lock_and_copy(ARRAY[NEW.id], OLD.email IS DISTINCT FROM NEW.email, OLD.account_id IS DISTINCT FROM NEW.account_id);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS contact_mark_shared_on_update ON contact;
DROP TRIGGER IF EXISTS contact_after_move ON contact;
DROP FUNCTION IF EXISTS contact_mark_shared_on_update();
CREATE TRIGGER contact_after_move AFTER UPDATE OF email, account_id ON contact
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.account_id IS DISTINCT FROM NEW.account_id)
  EXECUTE FUNCTION contact_after_move();

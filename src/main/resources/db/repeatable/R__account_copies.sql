-- Account copies: each contact row carries its account's division, open flag and filter columns,
-- and each site and service row its account's division, so the counts read one covering index
-- per division (V8, V9, V20). The copied columns, in the order they appear below:
--   contact.division_id, account_open, account_class_id, bill_group_id, account_source_id,
--   balance_due_positive (balance_due > 0), autopay_active, service_periods, site_source_ids;
--   account.service_periods (from its services), account.site_source_ids (from its sites);
--   site.division_id, service.division_id
-- design.md, "Derived columns", lists each copy with its source, trigger and index.

-- Concurrency: a writer that copies from or to an account first locks it, in id order, and reads
-- after the lock; an account update holds its row until it commits. Contacts copy from it and
-- lock it FOR SHARE (contact writers never wait for each other); services and sites write to it
-- and lock it FOR NO KEY UPDATE, the lock an account update takes. So a contact added while its
-- account closes, a site added while the account changes division, or two services added to one
-- account at once, end up with the committed values whichever commits first. (A transaction that
-- adds contacts to an account and then writes the account itself, or one of its services or
-- sites, while another does the same, may deadlock: each holds the shared lock the other needs
-- to raise; PostgreSQL cancels one, which may be retried.)

-- A new contact, or one moved to another account or given another address, takes its account's
-- columns and its address's flags (email_norm is a generated column, not yet computed in a
-- BEFORE trigger, hence invite_email_norm). This read takes no lock: it is the fast path, and
-- contact_lock_and_copy (after the statement) reads again under the locks and corrects it.
CREATE OR REPLACE FUNCTION contact_fill_scope() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a account%ROWTYPE;
  s email_status%ROWTYPE;
BEGIN
  SELECT * INTO a FROM account WHERE id = NEW.account_id;
  NEW.division_id := a.division_id;
  NEW.account_open := coalesce(a.is_open, false);
  NEW.account_class_id := a.account_class_id;
  NEW.bill_group_id := a.bill_group_id;
  NEW.account_source_id := a.account_source_id;
  NEW.balance_due_positive := coalesce(a.balance_due > 0, false);
  NEW.autopay_active := coalesce(a.autopay_active, false);
  NEW.service_periods := coalesce(a.service_periods, '{}');
  NEW.site_source_ids := coalesce(a.site_source_ids, '{}');
  SELECT * INTO s FROM email_status WHERE email_norm = invite_email_norm(NEW.email);
  NEW.address_state := coalesce(s.state, 0);
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS contact_fill_scope ON contact;
CREATE TRIGGER contact_fill_scope BEFORE INSERT OR UPDATE OF account_id, email ON contact
  FOR EACH ROW EXECUTE FUNCTION contact_fill_scope();

DROP FUNCTION IF EXISTS contact_lock_and_copy(bigint[]);
-- After contacts are added or moved (R__address_flags.sql calls it): lock their addresses'
-- status rows (created when missing) in address order and their accounts in id order, then read
-- every copy again and correct what changed meanwhile; mark the addresses now shared.
-- A moved contact locks only what it moved to (its new address, or its new account): the row it
-- leaves may be held by a writer that waits for this contact, and locking it would deadlock.
CREATE OR REPLACE FUNCTION contact_lock_and_copy(ids bigint[], lock_addresses boolean DEFAULT true,
                                                 lock_accounts boolean DEFAULT true) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  addrs text[];
BEGIN
  addrs := ARRAY(SELECT DISTINCT c.email_norm FROM contact c WHERE c.id IN (SELECT unnest(ids)) AND c.email_norm IS NOT NULL ORDER BY 1);
  IF lock_addresses THEN
    INSERT INTO email_status (email_norm) SELECT a FROM unnest(addrs) a ORDER BY a ON CONFLICT DO NOTHING;
    PERFORM 1 FROM email_status WHERE email_norm IN (SELECT unnest(addrs)) ORDER BY email_norm FOR NO KEY UPDATE;
  END IF;
  IF lock_accounts THEN
    PERFORM 1 FROM account WHERE id IN (SELECT c.account_id FROM contact c WHERE c.id IN (SELECT unnest(ids)))
      ORDER BY id FOR SHARE;
  END IF;
  UPDATE contact c SET division_id = x.division_id, account_open = x.account_open, account_class_id = x.account_class_id,
         bill_group_id = x.bill_group_id, account_source_id = x.account_source_id,
         balance_due_positive = x.balance_due_positive, autopay_active = x.autopay_active,
         service_periods = x.service_periods, site_source_ids = x.site_source_ids, address_state = x.address_state
    FROM (SELECT k.id, a.division_id, a.is_open AS account_open, a.account_class_id, a.bill_group_id, a.account_source_id,
                 a.balance_due > 0 AS balance_due_positive, a.autopay_active, a.service_periods, a.site_source_ids,
                 coalesce(s.state, 0) AS address_state
            FROM contact k JOIN account a ON a.id = k.account_id LEFT JOIN email_status s ON s.email_norm = k.email_norm
           WHERE k.id IN (SELECT unnest(ids))) x
   WHERE c.id = x.id
     AND (c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive,
          c.autopay_active, c.service_periods, c.site_source_ids, c.address_state)
         IS DISTINCT FROM (x.division_id, x.account_open, x.account_class_id, x.bill_group_id, x.account_source_id,
          x.balance_due_positive, x.autopay_active, x.service_periods, x.site_source_ids, x.address_state);
  UPDATE contact c SET shared_email = true
   WHERE c.email_norm IN (SELECT x.email_norm FROM contact x WHERE x.email_norm IN (SELECT unnest(addrs))
                          GROUP BY x.email_norm HAVING count(*) > 1)
     AND NOT c.shared_email;
END $$;

-- An account that changes division, opens or closes, or changes a filter column.
CREATE OR REPLACE FUNCTION account_to_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET division_id = NEW.division_id, account_open = NEW.is_open,
         account_class_id = NEW.account_class_id, bill_group_id = NEW.bill_group_id,
         account_source_id = NEW.account_source_id, balance_due_positive = NEW.balance_due > 0,
         autopay_active = NEW.autopay_active, service_periods = NEW.service_periods, site_source_ids = NEW.site_source_ids
   WHERE account_id = NEW.id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS account_to_contacts ON account;
CREATE TRIGGER account_to_contacts AFTER UPDATE OF division_id, is_open, account_class_id, bill_group_id,
  account_source_id, balance_due, autopay_active, service_periods, site_source_ids ON account
  FOR EACH ROW
  WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id OR OLD.is_open IS DISTINCT FROM NEW.is_open
        OR OLD.account_class_id IS DISTINCT FROM NEW.account_class_id OR OLD.bill_group_id IS DISTINCT FROM NEW.bill_group_id
        OR OLD.account_source_id IS DISTINCT FROM NEW.account_source_id
        OR (OLD.balance_due > 0) IS DISTINCT FROM (NEW.balance_due > 0) OR OLD.autopay_active IS DISTINCT FROM NEW.autopay_active
        OR OLD.service_periods IS DISTINCT FROM NEW.service_periods OR OLD.site_source_ids IS DISTINCT FROM NEW.site_source_ids)
  EXECUTE FUNCTION account_to_contacts();

-- Sites and services carry their account's division. This read takes no lock (the fast path);
-- account_children_changed, after the statement, locks the accounts and corrects it.
CREATE OR REPLACE FUNCTION fill_division_from_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.division_id INTO NEW.division_id FROM account a WHERE a.id = NEW.account_id;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS service_fill_division ON service;
CREATE TRIGGER service_fill_division BEFORE INSERT OR UPDATE OF account_id ON service
  FOR EACH ROW EXECUTE FUNCTION fill_division_from_account();
DROP TRIGGER IF EXISTS site_fill_division ON site;
CREATE TRIGGER site_fill_division BEFORE INSERT OR UPDATE OF account_id ON site
  FOR EACH ROW EXECUTE FUNCTION fill_division_from_account();

CREATE OR REPLACE FUNCTION account_division_to_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE service SET division_id = NEW.division_id WHERE account_id = NEW.id;
  UPDATE site SET division_id = NEW.division_id WHERE account_id = NEW.id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS account_division_to_children ON account;
CREATE TRIGGER account_division_to_children AFTER UPDATE OF division_id ON account
  FOR EACH ROW WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id)
  EXECUTE FUNCTION account_division_to_children();

-- The sources of the account copies of V20, for every account that has any (the one statement of
-- each rule; inlined by the planner, so a condition on account_id reaches the grouped scan).
CREATE OR REPLACE FUNCTION invite_account_service_periods() RETURNS TABLE (account_id bigint, periods datemultirange)
  LANGUAGE sql STABLE AS $$
    SELECT v.account_id, range_agg(invite_service_days(v.start_date, v.end_date)) FROM service v GROUP BY v.account_id
  $$;
CREATE OR REPLACE FUNCTION invite_account_site_sources() RETURNS TABLE (account_id bigint, ids bigint[])
  LANGUAGE sql STABLE AS $$
    SELECT t.account_id, array_agg(DISTINCT t.site_source_id ORDER BY t.site_source_id)
      FROM site t WHERE t.site_source_id IS NOT NULL GROUP BY t.account_id
  $$;

-- An account's service periods and site sources, recomputed from its services and sites (V20),
-- after some of them changed. The accounts are locked first, in id order, and read after the
-- locks: two writers adding services to one account see each other's. The account update then
-- reaches its contacts through account_to_contacts.
CREATE OR REPLACE FUNCTION account_children_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM account WHERE id IN (SELECT unnest(ids)) ORDER BY id FOR NO KEY UPDATE;
  UPDATE account a SET service_periods = x.service_periods, site_source_ids = x.site_source_ids
    FROM (SELECT k.id,
                 coalesce((SELECT v.periods FROM invite_account_service_periods() v WHERE v.account_id = k.id), '{}') AS service_periods,
                 coalesce((SELECT t.ids FROM invite_account_site_sources() t WHERE t.account_id = k.id), '{}') AS site_source_ids
            FROM (SELECT DISTINCT u AS id FROM unnest(ids) u WHERE u IS NOT NULL) k) x
   WHERE a.id = x.id AND (a.service_periods, a.site_source_ids) IS DISTINCT FROM (x.service_periods, x.site_source_ids);
END $$;

-- Services or sites added, changed or deleted: their accounts (before and after a move) are
-- recomputed; new and moved rows get their division again, read under the account locks.
CREATE OR REPLACE FUNCTION account_children_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT n.account_id FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT o.account_id FROM old_rows o);
  ELSIF TG_TABLE_NAME = 'service' THEN
    ids := ARRAY(SELECT x.account_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                  CROSS JOIN LATERAL (VALUES (o.account_id), (n.account_id)) x(account_id)
                 WHERE (o.account_id, o.start_date, o.end_date) IS DISTINCT FROM (n.account_id, n.start_date, n.end_date));
  ELSE
    ids := ARRAY(SELECT x.account_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                  CROSS JOIN LATERAL (VALUES (o.account_id), (n.account_id)) x(account_id)
                 WHERE (o.account_id, o.site_source_id) IS DISTINCT FROM (n.account_id, n.site_source_id));
  END IF;
  IF cardinality(ids) = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM account_children_refresh(ids);
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  ELSIF TG_TABLE_NAME = 'service' THEN
    UPDATE service v SET division_id = a.division_id FROM account a
     WHERE v.id IN (SELECT n.id FROM new_rows n) AND a.id = v.account_id AND v.division_id IS DISTINCT FROM a.division_id;
  ELSE
    UPDATE site t SET division_id = a.division_id FROM account a
     WHERE t.id IN (SELECT n.id FROM new_rows n) AND a.id = t.account_id AND t.division_id IS DISTINCT FROM a.division_id;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS service_insert_to_account ON service;
CREATE TRIGGER service_insert_to_account AFTER INSERT ON service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();
DROP TRIGGER IF EXISTS service_update_to_account ON service;
CREATE TRIGGER service_update_to_account AFTER UPDATE ON service
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();
DROP TRIGGER IF EXISTS service_delete_to_account ON service;
CREATE TRIGGER service_delete_to_account AFTER DELETE ON service
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();
DROP TRIGGER IF EXISTS site_insert_to_account ON site;
CREATE TRIGGER site_insert_to_account AFTER INSERT ON site
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();
DROP TRIGGER IF EXISTS site_update_to_account ON site;
CREATE TRIGGER site_update_to_account AFTER UPDATE ON site
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();
DROP TRIGGER IF EXISTS site_delete_to_account ON site;
CREATE TRIGGER site_delete_to_account AFTER DELETE ON site
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_children_changed();

-- All services or sites removed at once (TRUNCATE, a reload): every account that had some is
-- recomputed from what is left.
CREATE OR REPLACE FUNCTION account_children_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_children_refresh(ARRAY(SELECT id FROM account WHERE service_periods <> '{}' OR site_source_ids <> '{}'));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS service_truncate_to_account ON service;
CREATE TRIGGER service_truncate_to_account AFTER TRUNCATE ON service
  FOR EACH STATEMENT EXECUTE FUNCTION account_children_truncated();
DROP TRIGGER IF EXISTS site_truncate_to_account ON site;
CREATE TRIGGER site_truncate_to_account AFTER TRUNCATE ON site
  FOR EACH STATEMENT EXECUTE FUNCTION account_children_truncated();

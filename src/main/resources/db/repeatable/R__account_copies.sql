-- Account copies: each contact row carries its account's division, open flag and filter columns,
-- and each site and service row its account's division, so the counts read one covering index
-- per division (V8, V9). The copied columns, in the order they appear below:
--   contact.division_id, account_open, account_class_id, bill_group_id, account_source_id,
--   balance_due_positive (balance_due > 0), autopay_active;  site.division_id, service.division_id
-- design.md, "Derived columns", lists each copy with its source, trigger and index.

-- Concurrency: a writer that copies from an account first locks it (FOR SHARE, in id order)
-- and reads after the lock; an account update holds its row until it commits. So a contact
-- added while its account closes, or a site added while the account changes division, ends up
-- with the committed account's values whichever commits first.

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
         address_state = x.address_state
    FROM (SELECT k.id, a.division_id, a.is_open AS account_open, a.account_class_id, a.bill_group_id, a.account_source_id,
                 a.balance_due > 0 AS balance_due_positive, a.autopay_active, coalesce(s.state, 0) AS address_state
            FROM contact k JOIN account a ON a.id = k.account_id LEFT JOIN email_status s ON s.email_norm = k.email_norm
           WHERE k.id IN (SELECT unnest(ids))) x
   WHERE c.id = x.id
     AND (c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive,
          c.autopay_active, c.address_state)
         IS DISTINCT FROM (x.division_id, x.account_open, x.account_class_id, x.bill_group_id, x.account_source_id,
          x.balance_due_positive, x.autopay_active, x.address_state);
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
         autopay_active = NEW.autopay_active
   WHERE account_id = NEW.id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS account_to_contacts ON account;
CREATE TRIGGER account_to_contacts AFTER UPDATE OF division_id, is_open, account_class_id, bill_group_id,
  account_source_id, balance_due, autopay_active ON account
  FOR EACH ROW
  WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id OR OLD.is_open IS DISTINCT FROM NEW.is_open
        OR OLD.account_class_id IS DISTINCT FROM NEW.account_class_id OR OLD.bill_group_id IS DISTINCT FROM NEW.bill_group_id
        OR OLD.account_source_id IS DISTINCT FROM NEW.account_source_id
        OR (OLD.balance_due > 0) IS DISTINCT FROM (NEW.balance_due > 0) OR OLD.autopay_active IS DISTINCT FROM NEW.autopay_active)
  EXECUTE FUNCTION account_to_contacts();

-- Sites and services carry their account's division.
CREATE OR REPLACE FUNCTION fill_division_from_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.division_id INTO NEW.division_id FROM account a WHERE a.id = NEW.account_id FOR SHARE;
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

-- Account copies: each contact row carries its account's division, open flag and filter columns,
-- and each site and service row its account's division, so the counts read one covering index
-- per division (V8, V9). The copied columns, in the order they appear below:
--   contact.division_id, account_open, account_class_id, bill_group_id, account_source_id,
--   balance_due_positive (balance_due > 0), autopay_active;  site.division_id, service.division_id
-- design.md, "Derived columns", lists each copy with its source, trigger and index.

-- A new contact, or one moved to another account or given another address, takes its account's
-- columns and its address's flags (email_norm is a generated column, not yet computed in a
-- BEFORE trigger, hence invite_email_norm).
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
  NEW.invited := coalesce(s.invited, false);
  NEW.has_portal := coalesce(s.has_portal, false);
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS contact_fill_scope ON contact;
CREATE TRIGGER contact_fill_scope BEFORE INSERT OR UPDATE OF account_id, email ON contact
  FOR EACH ROW EXECUTE FUNCTION contact_fill_scope();

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
  NEW.division_id := (SELECT a.division_id FROM account a WHERE a.id = NEW.account_id);
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

-- Counts at a million accounts (performance.md): the count joined every in-scope contact to
-- account and to email_status and sorted ~550,000 addresses for count(DISTINCT), 1.6 s for
-- the largest demo division. Each contact row now carries what the counts filter on, kept
-- current by triggers in the same transaction as the change:
--   * its account's division, open flag and filter columns (copied from account);
--   * its address's invited / has-portal flags (copied from email_status);
--   * shared_email: true when another contact has the same address. Only those addresses
--     need DISTINCT; every other eligible contact is one recipient. A stale true is harmless
--     (it only sends an address through DISTINCT), so only inserts and email changes set it.
ALTER TABLE contact
  ADD COLUMN division_id          bigint,
  ADD COLUMN account_open         boolean NOT NULL DEFAULT true,
  ADD COLUMN account_class_id     bigint,
  ADD COLUMN bill_group_id        bigint,
  ADD COLUMN account_source_id    bigint,
  ADD COLUMN balance_due_positive boolean NOT NULL DEFAULT false,
  ADD COLUMN autopay_active       boolean NOT NULL DEFAULT false,
  ADD COLUMN invited              boolean NOT NULL DEFAULT false,
  ADD COLUMN has_portal           boolean NOT NULL DEFAULT false,
  ADD COLUMN shared_email         boolean NOT NULL DEFAULT false;

WITH shared AS (
  SELECT email_norm FROM contact WHERE email_norm IS NOT NULL GROUP BY email_norm HAVING count(*) > 1
), x AS (
  SELECT c.id, a.division_id, a.is_open, a.account_class_id, a.bill_group_id, a.account_source_id,
         a.balance_due > 0 AS balance_due_positive, a.autopay_active,
         coalesce(s.invited, false) AS invited, coalesce(s.has_portal, false) AS has_portal,
         sh.email_norm IS NOT NULL AS shared_email
    FROM contact c
    JOIN account a ON a.id = c.account_id
    LEFT JOIN email_status s ON s.email_norm = c.email_norm
    LEFT JOIN shared sh ON sh.email_norm = c.email_norm
)
UPDATE contact c SET division_id = x.division_id, account_open = x.is_open, account_class_id = x.account_class_id,
       bill_group_id = x.bill_group_id, account_source_id = x.account_source_id,
       balance_due_positive = x.balance_due_positive, autopay_active = x.autopay_active,
       invited = x.invited, has_portal = x.has_portal, shared_email = x.shared_email
  FROM x WHERE x.id = c.id;

CREATE INDEX contact_scope_idx ON contact (division_id) WHERE account_open;

-- A new contact, or one moved to another account or given another address, takes its
-- account's columns and its address's flags.
CREATE FUNCTION contact_fill_scope() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- email_norm is a generated column, not yet computed in a BEFORE trigger
  SELECT * INTO s FROM email_status WHERE email_norm = invite_email_norm(NEW.email);
  NEW.invited := coalesce(s.invited, false);
  NEW.has_portal := coalesce(s.has_portal, false);
  RETURN NEW;
END $$;
CREATE TRIGGER contact_fill_scope BEFORE INSERT OR UPDATE OF account_id, email ON contact
  FOR EACH ROW EXECUTE FUNCTION contact_fill_scope();

CREATE FUNCTION contact_mark_shared_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact c SET shared_email = true
   WHERE NOT c.shared_email
     AND c.email_norm IN (
       SELECT x.email_norm FROM contact x
        WHERE x.email_norm IN (SELECT n.email_norm FROM new_rows n WHERE n.email_norm IS NOT NULL)
        GROUP BY x.email_norm HAVING count(*) > 1);
  RETURN NULL;
END $$;
CREATE TRIGGER contact_mark_shared_on_insert AFTER INSERT ON contact
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_mark_shared_on_insert();

CREATE FUNCTION contact_mark_shared_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.email_norm IS NOT NULL AND (SELECT count(*) FROM contact WHERE email_norm = NEW.email_norm) > 1 THEN
    UPDATE contact SET shared_email = true WHERE email_norm = NEW.email_norm AND NOT shared_email;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_mark_shared_on_update AFTER UPDATE OF email ON contact
  FOR EACH ROW EXECUTE FUNCTION contact_mark_shared_on_update();

-- An account that changes division, opens or closes, or changes a filter column.
CREATE FUNCTION account_to_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET division_id = NEW.division_id, account_open = NEW.is_open,
         account_class_id = NEW.account_class_id, bill_group_id = NEW.bill_group_id,
         account_source_id = NEW.account_source_id, balance_due_positive = NEW.balance_due > 0,
         autopay_active = NEW.autopay_active
   WHERE account_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER account_to_contacts AFTER UPDATE OF division_id, is_open, account_class_id, bill_group_id,
  account_source_id, balance_due, autopay_active ON account
  FOR EACH ROW
  WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id OR OLD.is_open IS DISTINCT FROM NEW.is_open
        OR OLD.account_class_id IS DISTINCT FROM NEW.account_class_id OR OLD.bill_group_id IS DISTINCT FROM NEW.bill_group_id
        OR OLD.account_source_id IS DISTINCT FROM NEW.account_source_id
        OR (OLD.balance_due > 0) IS DISTINCT FROM (NEW.balance_due > 0) OR OLD.autopay_active IS DISTINCT FROM NEW.autopay_active)
  EXECUTE FUNCTION account_to_contacts();

-- An address invited for the first time, or whose invitation was accepted.
CREATE FUNCTION email_status_to_contacts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact c SET invited = n.invited, has_portal = n.has_portal
    FROM new_rows n
   WHERE c.email_norm = n.email_norm AND (c.invited <> n.invited OR c.has_portal <> n.has_portal);
  RETURN NULL;
END $$;
CREATE TRIGGER email_status_to_contacts_insert AFTER INSERT ON email_status
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_to_contacts_insert();

CREATE FUNCTION email_status_to_contacts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET invited = NEW.invited, has_portal = NEW.has_portal WHERE email_norm = NEW.email_norm;
  RETURN NULL;
END $$;
CREATE TRIGGER email_status_to_contacts_update AFTER UPDATE ON email_status
  FOR EACH ROW
  WHEN (OLD.invited IS DISTINCT FROM NEW.invited OR OLD.has_portal IS DISTINCT FROM NEW.has_portal)
  EXECUTE FUNCTION email_status_to_contacts_update();

ANALYZE contact;

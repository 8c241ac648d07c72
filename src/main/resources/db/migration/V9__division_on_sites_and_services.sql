-- "Accounts With Active Service" and "Site Source" test each contact's account against its
-- services and sites. The semi-join hashed the active services of every division (800,000 on
-- the 1M demo); with the division on each service and site row it hashes only the chosen one's.
ALTER TABLE service ADD COLUMN division_id bigint;
ALTER TABLE site ADD COLUMN division_id bigint;
UPDATE service sv SET division_id = a.division_id FROM account a WHERE a.id = sv.account_id;
UPDATE site st SET division_id = a.division_id FROM account a WHERE a.id = st.account_id;
CREATE INDEX service_division_idx ON service (division_id, account_id) INCLUDE (start_date, end_date);
CREATE INDEX site_division_idx ON site (division_id, site_source_id, account_id);

CREATE FUNCTION fill_division_from_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.division_id := (SELECT a.division_id FROM account a WHERE a.id = NEW.account_id);
  RETURN NEW;
END $$;
CREATE TRIGGER service_fill_division BEFORE INSERT OR UPDATE OF account_id ON service
  FOR EACH ROW EXECUTE FUNCTION fill_division_from_account();
CREATE TRIGGER site_fill_division BEFORE INSERT OR UPDATE OF account_id ON site
  FOR EACH ROW EXECUTE FUNCTION fill_division_from_account();

CREATE FUNCTION account_division_to_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE service SET division_id = NEW.division_id WHERE account_id = NEW.id;
  UPDATE site SET division_id = NEW.division_id WHERE account_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER account_division_to_children AFTER UPDATE OF division_id ON account
  FOR EACH ROW WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id)
  EXECUTE FUNCTION account_division_to_children();

ANALYZE service;
ANALYZE site;

-- Integrators write addresses as they have them; the database normalises them (issue #15):
-- portal_account gains the address as written, and email_norm on portal_account and invitation
-- is derived from it by a trigger (R__address_flags.sql), so a row written in another case or
-- with spaces is no longer silently ignored.
ALTER TABLE portal_account ADD COLUMN email text;

-- An account's lookups belong to its division (a site's source to its division too). As
-- foreign keys over (id, division_id) they are checked on every write, with a name that says
-- what is wrong. Deferred to the commit, so an account and its sites can move division together
-- in one transaction. NOT VALID: rows written before are not re-checked (check-counts reports them).
ALTER TABLE account_class ADD CONSTRAINT account_class_id_division UNIQUE (id, division_id);
ALTER TABLE bill_group ADD CONSTRAINT bill_group_id_division UNIQUE (id, division_id);
ALTER TABLE account_source ADD CONSTRAINT account_source_id_division UNIQUE (id, division_id);
ALTER TABLE site_source ADD CONSTRAINT site_source_id_division UNIQUE (id, division_id);
ALTER TABLE account ADD CONSTRAINT account_class_must_belong_to_the_accounts_division
  FOREIGN KEY (account_class_id, division_id) REFERENCES account_class (id, division_id) DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE account ADD CONSTRAINT bill_group_must_belong_to_the_accounts_division
  FOREIGN KEY (bill_group_id, division_id) REFERENCES bill_group (id, division_id) DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE account ADD CONSTRAINT account_source_must_belong_to_the_accounts_division
  FOREIGN KEY (account_source_id, division_id) REFERENCES account_source (id, division_id) DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE site ADD CONSTRAINT site_source_must_belong_to_the_sites_division
  FOREIGN KEY (site_source_id, division_id) REFERENCES site_source (id, division_id) DEFERRABLE INITIALLY DEFERRED NOT VALID;

-- One rule for "accepted": the status ACCEPTED. Rows accepted before without a date get one.
UPDATE invitation SET accepted_at = coalesce(sent_at, created_at) WHERE status = 'ACCEPTED' AND accepted_at IS NULL;

-- The details window sorted by contact name, e-mail or billing contact: like account number and
-- name (V22), the first page (and a keyset page anywhere) walks an index in that order and stops
-- after a page of contacts in the group, instead of sorting every row of a million-row group
-- (about 2 s at two million accounts). By account class or bill group: the first page walks the
-- division's lookups in name order and, for each, its contacts in id order (RecipientMapper.xml);
-- a contact without one is under 0. Since V23 a contact's address state is in no index, so
-- these cost a queued or sent invitation nothing; they are written when a contact is added or
-- renamed, or its account changes division or opens or closes.
-- Each expression is the details' sort key as RecipientMapper.xml and DetailSort write it.
DROP INDEX contact_division_idx;
CREATE INDEX contact_billing_order_idx ON contact (division_id, is_billing, id) WHERE account_open;
CREATE INDEX contact_name_order_idx ON contact (division_id, (coalesce(btrim(first_name || ' ' || last_name), '')), id)
  WHERE account_open;
-- (valid addresses only: every group but "No valid email" has only those, and ascending order would
-- otherwise first step over the contacts without an address)
CREATE INDEX contact_email_order_idx ON contact (division_id, (coalesce(email_norm, '')), id) WHERE account_open AND email_valid;
CREATE INDEX contact_class_order_idx ON contact (division_id, (coalesce(account_class_id, 0)), id) WHERE account_open;
CREATE INDEX contact_bill_group_order_idx ON contact (division_id, (coalesce(bill_group_id, 0)), id) WHERE account_open;

-- The details window sorted by account name: like account number (account's UNIQUE index), the
-- first page walks the accounts in name order and stops after a page of contacts in the group,
-- instead of sorting every row of a million-row group (1.4 s at two million accounts).
CREATE INDEX account_name_idx ON account (name, id);

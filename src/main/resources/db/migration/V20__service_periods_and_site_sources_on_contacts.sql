-- The two filters that were read from other tables, "Accounts With Active Service" and the site
-- source, become copies like the account's other columns (#20: every filter set counts within
-- 250 ms at two million accounts; their EXISTS over service and site grew with the division).
--   account.service_periods: the days some service of the account runs, the union of its
--     [start_date, end_date) (no end: open); "active service on day D" is service_periods @> D.
--   account.site_source_ids: the distinct site sources of the account's sites, in order.
-- Each contact carries its account's two, like division_id and the rest (R__account_copies.sql
-- keeps them; design.md, "Derived columns").

-- The days a service runs: from its start up to (not including) its end; no end, no limit; a
-- service that ends before it starts runs no day. (The filter's rule: start_date <= D and
-- (end_date IS NULL OR end_date > D).)
CREATE FUNCTION invite_service_days(start_date date, end_date date) RETURNS daterange
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT daterange(start_date, CASE WHEN end_date < start_date THEN start_date ELSE end_date END, '[)') $$;
ALTER TABLE account
  ADD COLUMN service_periods datemultirange NOT NULL DEFAULT '{}',
  ADD COLUMN site_source_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE contact
  ADD COLUMN service_periods datemultirange NOT NULL DEFAULT '{}',
  ADD COLUMN site_source_ids bigint[] NOT NULL DEFAULT '{}';

UPDATE account a SET service_periods = x.periods
  FROM (SELECT account_id, range_agg(invite_service_days(start_date, end_date)) AS periods
          FROM service GROUP BY account_id) x
 WHERE x.account_id = a.id AND x.periods <> '{}';
UPDATE account a SET site_source_ids = x.ids
  FROM (SELECT account_id, array_agg(DISTINCT site_source_id ORDER BY site_source_id) AS ids
          FROM site WHERE site_source_id IS NOT NULL GROUP BY account_id) x
 WHERE x.account_id = a.id;
UPDATE contact c SET service_periods = a.service_periods, site_source_ids = a.site_source_ids
  FROM account a
 WHERE a.id = c.account_id AND (a.service_periods <> '{}' OR a.site_source_ids <> '{}');

-- The counts' covering indexes. contact_scope_idx stays as narrow as the common filters need
-- (account_id goes: only the old EXISTS read it); the wider twin adds the two new copies and is
-- read only when one of those filters is on (measured at 2M accounts: the narrow index is
-- 238 MB, the wide 394 MB; each filter set reads the smaller index that covers it).
-- site_division_idx and service_division_idx served only the EXISTS and go too.
DROP INDEX contact_scope_idx;
DROP INDEX contact_shared_idx;
DROP INDEX site_division_idx;
DROP INDEX service_division_idx;
CREATE INDEX contact_scope_idx ON contact (division_id)
  INCLUDE (account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
           is_billing, email_valid, address_state, shared_email)
  WHERE account_open;
CREATE INDEX contact_scope_wide_idx ON contact (division_id)
  INCLUDE (account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
           is_billing, email_valid, address_state, shared_email, service_periods, site_source_ids)
  WHERE account_open;
CREATE INDEX contact_shared_idx ON contact (division_id, email_norm)
  INCLUDE (account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
           is_billing, email_valid, address_state, service_periods, site_source_ids)
  WHERE account_open AND shared_email;
ANALYZE account;
ANALYZE contact;

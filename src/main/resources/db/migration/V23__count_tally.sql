-- The counts read a tally instead of every contact row (#20, design.md "Counts from a tally"):
-- count_tally holds, per division and combination of the columns a filter or a count group reads,
-- how many contacts of open accounts have it. R__count_tally.sql keeps it from contact's own
-- changes (statement triggers with transition tables: a pure aggregate of the contact rows).
-- Rows are added as signed deltas and folded together from time to time (settled rows).
--
-- "Active service" depends on the date: service_active is the contact's service_periods
-- @> count_day.day, and a daily step moves the tally to a new day (invite_count_day_advance).
CREATE TABLE count_day (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  day date NOT NULL
);
INSERT INTO count_day (day) VALUES (CURRENT_DATE);

CREATE TABLE count_tally (
  division_id bigint NOT NULL,
  account_class_id bigint,
  bill_group_id bigint,
  account_source_id bigint,
  balance_due_positive boolean NOT NULL,
  autopay_active boolean NOT NULL,
  is_billing boolean NOT NULL,
  email_valid boolean,
  shared_email boolean NOT NULL,
  address_state smallint NOT NULL,
  service_active boolean NOT NULL,
  site_source_ids bigint[] NOT NULL,
  contacts bigint NOT NULL,
  settled boolean NOT NULL DEFAULT false
);
CREATE INDEX count_tally_division_idx ON count_tally (division_id);
-- how many deltas a division has gathered since they were last folded together
CREATE INDEX count_tally_deltas_idx ON count_tally (division_id) WHERE NOT settled;

INSERT INTO count_tally (division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
                         is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts, settled)
SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
       is_billing, email_valid, shared_email, address_state, service_periods @> CURRENT_DATE, site_source_ids, count(*), true
  FROM contact WHERE account_open AND division_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;

-- The covering indexes go: nothing reads them any more, and each made every change of a contact's
-- address state (a queued or sent invitation) write an entry in each. Without an index on
-- address_state, that change is a HOT update (in place on its page, no index entry) when the page
-- has room: contact keeps 15 % of each page free for it.
DROP INDEX contact_scope_idx;
DROP INDEX contact_scope_wide_idx;
DROP INDEX contact_shared_idx;
CREATE INDEX contact_division_idx ON contact (division_id) WHERE account_open;
-- the few shared addresses' count(DISTINCT): their state is read from email_status (below)
CREATE INDEX contact_shared_idx ON contact (division_id, email_norm)
  INCLUDE (account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active, is_billing, email_valid,
           service_periods, site_source_ids)
  WHERE account_open AND shared_email;
ALTER TABLE contact SET (fillfactor = 85);

-- an address's state next to its key, so the shared addresses read it index-only
ALTER TABLE email_status DROP CONSTRAINT email_status_pkey,
  ADD CONSTRAINT email_status_pkey PRIMARY KEY (email_norm) INCLUDE (state);
ANALYZE count_tally;

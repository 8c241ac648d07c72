-- From here on every trigger function (and the demo data generator) lives in db/repeatable, one
-- file per kind of derived copy, holding the function's current body: R__address_flags.sql,
-- R__account_copies.sql, R__demo_data.sql. Flyway runs a repeatable file after the versioned
-- ones whenever its content changed. This drops what the earlier versioned migrations created
-- (V1, V2, V3, V5, V7, V9, V10); the repeatable files create it again in the same migration run.
DROP FUNCTION email_status_on_invitation_insert() CASCADE;
DROP FUNCTION email_status_on_invitation_row_update() CASCADE;
DROP FUNCTION email_status_on_portal_insert() CASCADE;
DROP FUNCTION email_status_to_contacts_insert() CASCADE;
DROP FUNCTION email_status_to_contacts_update() CASCADE;
DROP FUNCTION contact_fill_scope() CASCADE;
DROP FUNCTION contact_mark_shared_on_insert() CASCADE;
DROP FUNCTION contact_mark_shared_on_update() CASCADE;
DROP FUNCTION account_to_contacts() CASCADE;
DROP FUNCTION fill_division_from_account() CASCADE;
DROP FUNCTION account_division_to_children() CASCADE;
DROP FUNCTION invite_demo_data(int, bigint);
DROP FUNCTION invite_demo_pick(text[], float8);
DROP FUNCTION invite_demo_rand(bigint, int, bigint);

-- The fingerprint of the migration files last applied (SchemaFiles): the start-up check compares
-- it with the build's files and runs Flyway only when they differ.
CREATE TABLE schema_fingerprint (
  id           integer PRIMARY KEY CHECK (id = 1),
  fingerprint  text NOT NULL,
  applied_at   timestamptz NOT NULL
);

-- A batch was never CANCELLED (a cancel is a pause); the state is gone from the check.
ALTER TABLE invitation_batch DROP CONSTRAINT invitation_batch_status_check;
ALTER TABLE invitation_batch ADD CONSTRAINT invitation_batch_status_check
  CHECK (status IN ('QUEUED','SENDING','PAUSED','DONE'));

-- The deterministic demo data set, used by the embedded default and by `demo-data`. Everything
-- is generated in SQL (no rows through Java): 1,000,000 accounts load in minutes.

-- A number in [0, 1) drawn from (i, salt, seed) alone: the same data for the same seed, on every server.
CREATE OR REPLACE FUNCTION invite_demo_rand(i bigint, salt int, seed bigint) RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((hashint8extended(i * 64 + salt, seed) & 2147483647)::float8 / 2147483648.0) $$;

CREATE OR REPLACE FUNCTION invite_demo_pick(arr text[], r float8) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT arr[1 + floor(r * array_length(arr, 1))::int] $$;

-- A bulk load into empty tables: their user triggers are switched off, their secondary indexes and
-- foreign keys dropped for the rest of the transaction, and put back by invite_bulk_load_end, which
-- builds each index once and checks each key in one pass over the loaded rows (a key added NOT
-- VALID comes back checked). Dropping a key also holds the table it points to (divisions, lookups,
-- batches) until commit. ALTER TABLE holds each table exclusively until commit, so no
-- other session reads or writes it meanwhile: the loader writes every copy the triggers would keep
-- with the rows themselves, and nothing can change a source under it. Only the tables' owner may
-- do this. Indexes that back a constraint (primary keys, UNIQUE) stay and are kept as rows go in.
CREATE OR REPLACE FUNCTION invite_bulk_load_begin(tables regclass[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t regclass;
  r record;
  empty boolean;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS bulk_load_ddl (step int, ddl text) ON COMMIT DROP;
  FOREACH t IN ARRAY tables LOOP
    -- the triggers that are on go off, and exactly those come back on
    FOR r IN SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t AND NOT g.tgisinternal AND g.tgenabled = 'O' LOOP
      INSERT INTO bulk_load_ddl VALUES (3, format('ALTER TABLE %s ENABLE TRIGGER %I', t, r.tgname));
      EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', t, r.tgname);
    END LOOP;
    -- foreign keys: checked again as a whole when put back (validated, even one added NOT VALID)
    FOR r IN SELECT k.conname, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k WHERE k.conrelid = t AND k.contype = 'f' LOOP
      INSERT INTO bulk_load_ddl VALUES (2, format('ALTER TABLE %s ADD CONSTRAINT %I %s', t, r.conname,
                                                  regexp_replace(r.def, ' NOT VALID$', '')));
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t, r.conname);
    END LOOP;
    FOR r IN SELECT i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def
               FROM pg_index i
              WHERE i.indrelid = t AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    LOOP
      INSERT INTO bulk_load_ddl VALUES (1, r.def);
      EXECUTE format('DROP INDEX %s', r.idx);
    END LOOP;
  END LOOP;
  -- An empty table gets a new file in this transaction: on a server with wal_level = minimal (the
  -- embedded one) what is written to it then skips the WAL and is synced to disk at commit.
  FOREACH t IN ARRAY tables LOOP
    -- (checked again now that this transaction holds the table: a row written since the caller
    -- checked would otherwise be loaded around with the triggers off)
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %s)', t) INTO empty;
    IF NOT empty THEN
      RAISE EXCEPTION 'this database already holds accounts, contacts, invitations or portal accounts; demo data is only loaded into an empty database'
        USING ERRCODE = 'P0001';
    END IF;
    EXECUTE format('TRUNCATE %s', t);
  END LOOP;
END $$;

DROP FUNCTION IF EXISTS invite_bulk_load_end(regclass[]);
-- Puts back what invite_bulk_load_begin took away: indexes, then keys, then the triggers that were on.
CREATE OR REPLACE FUNCTION invite_bulk_load_end() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d text;
BEGIN
  PERFORM set_config('maintenance_work_mem', '256MB', true);
  FOR d IN SELECT ddl FROM bulk_load_ddl ORDER BY step LOOP
    EXECUTE d;
  END LOOP;
  DELETE FROM bulk_load_ddl;
END $$;

CREATE OR REPLACE FUNCTION invite_demo_data(n_accounts int, seed bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  firsts text[] := ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',
    'William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Carlos','Karen','Daniel','Lisa',
    'Matthew','Nancy','Anthony','Sandra','Mark','Betty','Donald','Ashley','Steven','Emily','Andrew','Kimberly',
    'Paul','Donna','Joshua','Michelle','Kenneth','Carol','Kevin','Amanda','Brian','Melissa','Aisha','Wei','Priya',
    'José','Zoë','Mohammed'];
  lasts text[] := ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
    'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez',
    'Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','King',
    'Wright','Scott','Torres','Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell',
    'Mitchell','Carter','O''Brien'];
  businesses text[] := ARRAY['Bakery','Dental Care','Auto Repair','Hardware','Florist','Pizzeria','Laundromat',
    'Veterinary Clinic','Print Shop','Fitness Studio','Coffee House','Plumbing','Bookstore','Family Farm'];
  streets text[] := ARRAY['Oak St','Maple Ave','Cedar Ln','Pine Rd','Elm St','Lakeview Dr','Hillcrest Rd','River Rd',
    'Sunset Blvd','Park Ave','Main St','Washington St','Meadow Ln','Forest Dr','Highland Ave'];
  domains text[] := ARRAY['example.com','mail.example.net','post.example.org','inbox.example.com','example.co.uk'];
  first_contact_id bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM account) OR EXISTS (SELECT 1 FROM contact) OR EXISTS (SELECT 1 FROM invitation)
     OR EXISTS (SELECT 1 FROM portal_account) OR EXISTS (SELECT 1 FROM email_status) THEN
    RAISE EXCEPTION 'this database already holds accounts, contacts, invitations or portal accounts; demo data is only loaded into an empty database'
      USING ERRCODE = 'P0001';
  END IF;
  PERFORM setseed(0);
  PERFORM set_config('work_mem', '256MB', true); -- the sorts and hashes below in memory, on a stock server's 4 MB too
  -- every derived copy below is written with its row (R__account_copies.sql, R__address_flags.sql
  -- say what each is); check-counts after a load finds nothing to correct (DemoDataTest).
  PERFORM invite_bulk_load_begin(ARRAY['account', 'site', 'service', 'contact', 'portal_account', 'invitation',
                                       'email_status']::regclass[]);

  INSERT INTO division (code, name, email, portal_base_url)
  SELECT v.code, v.name, v.email, v.url FROM (VALUES
    (1, 'NVW', 'North Valley Waste', 'billing@northvalleywaste.example', 'https://portal.northvalleywaste.example/invite'),
    (2, 'MTU', 'Metro Utilities', 'customercare@metroutilities.example', 'https://my.metroutilities.example/accept'),
    (3, 'CWS', 'Coastal Water Services', 'noreply@coastalwater.example', 'https://portal.coastalwater.example/join'),
    (4, 'HBX', 'HomeBox Subscriptions', 'hello@homebox.example', 'https://account.homebox.example/invite')) v(k, code, name, email, url)
  ON CONFLICT (code) DO NOTHING;

  CREATE TEMP TABLE demo_div ON COMMIT DROP AS
    SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS k FROM division ORDER BY id LIMIT 4;

  INSERT INTO account_class (division_id, code, name)
  SELECT d.id, x.code, x.name FROM demo_div d CROSS JOIN (VALUES (1, 'RES', 'Residential'), (2, 'COM', 'Commercial'),
    (3, 'IND', 'Industrial'), (4, 'MUN', 'Municipal'), (5, 'HOA', 'Homeowners association')) x(o, code, name)
  ORDER BY d.id, x.o ON CONFLICT DO NOTHING;
  INSERT INTO bill_group (division_id, code, name)
  SELECT d.id, 'C' || lpad(g::text, 2, '0'), 'Billing cycle ' || g || CASE WHEN g <= 12 THEN ' (monthly)' ELSE ' (quarterly)' END
    FROM demo_div d CROSS JOIN generate_series(1, 24) g ORDER BY d.id, g ON CONFLICT DO NOTHING;
  INSERT INTO account_source (division_id, code, name)
  SELECT d.id, x.code, x.name FROM demo_div d CROSS JOIN (VALUES (1, 'WEB', 'Web sign-up'), (2, 'PHONE', 'Phone order'),
    (3, 'MIGR', 'Migrated from legacy system'), (4, 'SALES', 'Sales team'), (5, 'PARTNER', 'Partner referral')) x(o, code, name)
  ORDER BY d.id, x.o ON CONFLICT DO NOTHING;
  INSERT INTO site_source (division_id, code, name)
  SELECT d.id, x.code, x.name FROM demo_div d CROSS JOIN (VALUES (1, 'GIS', 'GIS import'), (2, 'MANUAL', 'Entered by staff'),
    (3, 'ROUTE', 'Route survey')) x(o, code, name)
  ORDER BY d.id, x.o ON CONFLICT DO NOTHING;

  CREATE TEMP TABLE demo_lk ON COMMIT DROP AS
    SELECT 'C' AS kind, division_id, id, (row_number() OVER (PARTITION BY division_id ORDER BY id) - 1)::int AS k FROM account_class
    UNION ALL SELECT 'B', division_id, id, (row_number() OVER (PARTITION BY division_id ORDER BY id) - 1)::int FROM bill_group
    UNION ALL SELECT 'A', division_id, id, (row_number() OVER (PARTITION BY division_id ORDER BY id) - 1)::int FROM account_source
    UNION ALL SELECT 'S', division_id, id, (row_number() OVER (PARTITION BY division_id ORDER BY id) - 1)::int FROM site_source;
  ANALYZE demo_div; -- temporary tables have no statistics until analysed: without, the joins below go quadratic
  ANALYZE demo_lk;

  -- Accounts: divisions weighted 40/30/20/10; 5 % closed; 40 % with a balance due; 30 % on autopay.
  -- (made here, written to account once its sites and services are, with their copies)
  CREATE TEMP TABLE demo_account ON COMMIT DROP AS
  SELECT x.g AS id, d.id AS division_id, 'A' || lpad(x.g::text, 8, '0') AS number,
         CASE WHEN x.r2 < 0.75 THEN invite_demo_pick(lasts, x.r9) || ', ' || invite_demo_pick(firsts, x.r10)
              ELSE invite_demo_pick(lasts, x.r9) || ' ' || invite_demo_pick(businesses, x.r10) END AS name,
         ac.id AS account_class_id, bg.id AS bill_group_id, asrc.id AS account_source_id,
         x.r3 >= 0.05 AS is_open,
         CASE WHEN x.r4 < 0.4 THEN round((5 + x.r5 * 495)::numeric, 2) ELSE 0 END AS balance_due,
         x.r6 < 0.3 AS autopay_active
    FROM (SELECT g, invite_demo_rand(g, 1, seed) r1, invite_demo_rand(g, 2, seed) r2, invite_demo_rand(g, 3, seed) r3,
                 invite_demo_rand(g, 4, seed) r4, invite_demo_rand(g, 5, seed) r5, invite_demo_rand(g, 6, seed) r6,
                 invite_demo_rand(g, 7, seed) r7, invite_demo_rand(g, 8, seed) r8, invite_demo_rand(g, 9, seed) r9,
                 invite_demo_rand(g, 10, seed) r10
            FROM generate_series(1, n_accounts) g) x
    JOIN demo_div d ON d.k = CASE WHEN x.r1 < 0.4 THEN 0 WHEN x.r1 < 0.7 THEN 1 WHEN x.r1 < 0.9 THEN 2 ELSE 3 END
    JOIN demo_lk ac ON ac.kind = 'C' AND ac.division_id = d.id
                   AND ac.k = CASE WHEN x.r2 < 0.75 THEN 0 ELSE 1 + floor(invite_demo_rand(x.g, 11, seed) * 4)::int END
    JOIN demo_lk bg ON bg.kind = 'B' AND bg.division_id = d.id AND bg.k = floor(x.r7 * 24)::int
    JOIN demo_lk asrc ON asrc.kind = 'A' AND asrc.division_id = d.id AND asrc.k = floor(x.r8 * 5)::int
   ORDER BY x.g;
  ANALYZE demo_account;

  -- Sites: one per account, a second for 20 %.
  INSERT INTO site (account_id, division_id, site_source_id, address)
  SELECT a.id, a.division_id, ss.id, (1 + floor(invite_demo_rand(a.id, 12, seed) * 9000))::int || ' ' || invite_demo_pick(streets, invite_demo_rand(a.id, 13, seed))
    FROM demo_account a
    JOIN demo_lk ss ON ss.kind = 'S' AND ss.division_id = a.division_id AND ss.k = floor(invite_demo_rand(a.id, 14, seed) * 3)::int;
  INSERT INTO site (account_id, division_id, site_source_id, address)
  SELECT a.id, a.division_id, ss.id, (1 + floor(invite_demo_rand(a.id, 15, seed) * 9000))::int || ' ' || invite_demo_pick(streets, invite_demo_rand(a.id, 16, seed))
    FROM demo_account a
    JOIN demo_lk ss ON ss.kind = 'S' AND ss.division_id = a.division_id AND ss.k = floor(invite_demo_rand(a.id, 17, seed) * 3)::int
   WHERE invite_demo_rand(a.id, 18, seed) < 0.2;

  -- Services: 80 % active today, 12 % ended, 4 % not started yet, 4 % none; 25 % have an old ended one too.
  INSERT INTO service (account_id, division_id, description, start_date, end_date)
  SELECT a.id, a.division_id, CASE WHEN a.id % 3 = 0 THEN 'Weekly collection' WHEN a.id % 3 = 1 THEN 'Water service' ELSE 'Subscription' END,
         CASE WHEN r < 0.92 THEN current_date - (30 + floor(invite_demo_rand(a.id, 20, seed) * 3000))::int
              ELSE current_date + (1 + floor(invite_demo_rand(a.id, 20, seed) * 60))::int END,
         CASE WHEN r >= 0.80 AND r < 0.92 THEN current_date - (1 + floor(invite_demo_rand(a.id, 21, seed) * 20))::int END
    FROM (SELECT id, division_id, invite_demo_rand(id, 19, seed) r FROM demo_account) a
   WHERE a.r < 0.96;
  INSERT INTO service (account_id, division_id, description, start_date, end_date)
  SELECT a.id, a.division_id, 'Bulk item pickup', current_date - 2000, current_date - 1000
    FROM demo_account a WHERE invite_demo_rand(a.id, 22, seed) < 0.25;

  -- the accounts, with the days their services run and their sites' sources (V20)
  INSERT INTO account (id, division_id, number, name, account_class_id, bill_group_id, account_source_id,
                       is_open, balance_due, autopay_active, service_periods, site_source_ids)
  SELECT a.id, a.division_id, a.number, a.name, a.account_class_id, a.bill_group_id, a.account_source_id,
         a.is_open, a.balance_due, a.autopay_active, coalesce(v.periods, '{}'), coalesce(t.ids, '{}')
    FROM demo_account a
    LEFT JOIN invite_account_service_periods() v ON v.account_id = a.id
    LEFT JOIN invite_account_site_sources() t ON t.account_id = a.id
   ORDER BY a.id;
  PERFORM setval(pg_get_serial_sequence('account', 'id'), greatest(n_accounts, 1));

  -- Contacts: 1 to 3 per account, the first is the billing contact. Emails: mostly valid and
  -- unique; some shared by one person across accounts (also in upper case); some invalid.
  -- They are made here and written to contact last, with their addresses' flags.
  first_contact_id := nextval(pg_get_serial_sequence('contact', 'id'));
  CREATE TEMP TABLE demo_contact ON COMMIT DROP AS
  SELECT first_contact_id + row_number() OVER () - 1 AS id, y.*, invite_email_norm(y.email) AS email_norm
    FROM (
  SELECT x.account_id, x.fn AS first_name, x.ln AS last_name,
         CASE
           WHEN x.re < 0.035 THEN NULL
           WHEN x.re < 0.045 THEN ''
           WHEN x.re < 0.050 THEN 'n/a'
           WHEN x.re < 0.055 THEN lower(x.fn || '.' || x.ln) || '@example'
           WHEN x.re < 0.060 THEN lower(x.fn) || ' ' || lower(x.ln) || '@example.com'
           WHEN x.re < 0.063 THEN lower(x.fn) || '@@example.com'
           WHEN x.re < 0.100 THEN lower(x.sfn || '.' || x.sln) || x.shared || '@' || invite_demo_pick(domains, invite_demo_rand(x.shared, 23, seed))
           WHEN x.re < 0.115 THEN upper(x.sfn || '.' || x.sln) || x.shared || '@' || upper(invite_demo_pick(domains, invite_demo_rand(x.shared, 23, seed)))
           WHEN x.re < 0.120 THEN '  ' || lower(x.fn || '.' || x.ln) || x.account_id || '@' || invite_demo_pick(domains, x.rd) || ' '
           ELSE lower(translate(x.fn, 'éëÉ', 'eeE') || '.' || replace(x.ln, '''', '')) || x.account_id || CASE WHEN x.k > 1 THEN '.' || x.k ELSE '' END
                || '@' || invite_demo_pick(domains, x.rd)
         END AS email,
         x.k = 1 AS is_billing
    FROM (SELECT a.id AS account_id, k.k,
                 invite_demo_pick(firsts, invite_demo_rand(a.id * 4 + k.k, 24, seed)) AS fn,
                 CASE WHEN k.k = 1 OR invite_demo_rand(a.id * 4 + k.k, 25, seed) < 0.6
                      THEN regexp_replace(split_part(a.name, ',', 1), ' .*$', '') ELSE invite_demo_pick(lasts, invite_demo_rand(a.id * 4 + k.k, 26, seed)) END AS ln,
                 invite_demo_rand(a.id * 4 + k.k, 27, seed) AS re,
                 invite_demo_rand(a.id * 4 + k.k, 28, seed) AS rd,
                 (a.id / 3) AS shared,
                 invite_demo_pick(firsts, invite_demo_rand(a.id / 3, 29, seed)) AS sfn,
                 invite_demo_pick(lasts, invite_demo_rand(a.id / 3, 30, seed)) AS sln
            FROM demo_account a
            JOIN LATERAL (SELECT 1 AS k
                          UNION ALL SELECT 2 WHERE invite_demo_rand(a.id, 31, seed) < 0.6
                          UNION ALL SELECT 3 WHERE invite_demo_rand(a.id, 32, seed) < 0.35) k ON true) x
   ORDER BY x.account_id, x.k) y;
  PERFORM setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM demo_contact));
  ANALYZE demo_contact;

  -- The contacts' addresses, each once: how many contacts have it, the first of them, and whether
  -- it is valid (the rule does not depend on letter case).
  CREATE TEMP TABLE demo_address ON COMMIT DROP AS
  SELECT email_norm, count(*) AS contacts, min(id) AS first_contact_id, invite_email_valid(email_norm) AS valid
    FROM demo_contact WHERE email_norm IS NOT NULL GROUP BY email_norm;
  ANALYZE demo_address;

  -- Portal accounts: 12 % of valid addresses.
  INSERT INTO portal_account (email_norm, created_at)
  SELECT email_norm, now() - interval '400 days' * invite_demo_rand(hashtext(email_norm), 33, seed)
    FROM demo_address
   WHERE valid AND invite_demo_rand(hashtext(email_norm), 34, seed) < 0.12;

  -- Earlier invitations: a third of those with a portal account accepted one; 18 % of the rest
  -- were invited (sent, or expired), some of them twice, addressed as the address's first contact wrote it.
  INSERT INTO invitation (email_norm, email, contact_id, token_hash, status, created_at, sent_at, accepted_at, expires_at, attempts)
  SELECT p.email_norm, p.email_norm, NULL, md5(p.email_norm), 'ACCEPTED', p.created_at - interval '3 days',
         p.created_at - interval '3 days', p.created_at, p.created_at + interval '11 days', 1
    FROM portal_account p WHERE invite_demo_rand(hashtext(p.email_norm), 35, seed) < 0.33;

  CREATE TEMP TABLE demo_invited ON COMMIT DROP AS
  SELECT a.email_norm, c.email, a.first_contact_id AS contact_id, invite_demo_rand(hashtext(a.email_norm), 37, seed) AS r
    FROM demo_address a
    JOIN demo_contact c ON c.id = a.first_contact_id
   WHERE a.valid AND invite_demo_rand(hashtext(a.email_norm), 36, seed) < 0.18
     AND NOT EXISTS (SELECT 1 FROM portal_account p WHERE p.email_norm = a.email_norm);

  INSERT INTO invitation (email_norm, email, contact_id, token_hash, status, created_at, sent_at, expires_at, attempts)
  SELECT email_norm, btrim(email), contact_id, md5('old' || email_norm), 'SUPERSEDED', now() - interval '200 days',
         now() - interval '200 days', now() - interval '186 days', 1
    FROM demo_invited WHERE r < 0.3;
  INSERT INTO invitation (email_norm, email, contact_id, token_hash, status, created_at, sent_at, expires_at, attempts)
  SELECT email_norm, btrim(email), contact_id, md5(email_norm),
         CASE WHEN r < 0.5 THEN 'EXPIRED' ELSE 'SENT' END,
         now() - interval '1 day' * (1 + floor(r * 60)), now() - interval '1 day' * (1 + floor(r * 60)),
         now() - interval '1 day' * (1 + floor(r * 60)) + interval '14 days', 1
    FROM demo_invited;

  -- Every contact's address gets its status row (the flags of R__address_flags.sql, from the
  -- invitations and portal accounts just written, all of them at contacts' addresses), then the
  -- contacts, with their copies (an address on more than one contact is shared).
  INSERT INTO email_status (email_norm, invited, times_invited, last_invited_at, accepted_at, has_portal, last_status, sent)
  SELECT e.email_norm, i.email_norm IS NOT NULL, coalesce(i.times_invited, 0), i.last_invited_at, i.accepted_at,
         p.email_norm IS NOT NULL OR coalesce(i.accepted, false), i.last_status, coalesce(i.sent, false)
    FROM demo_address e
    LEFT JOIN (SELECT email_norm, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS times_invited,
                      max(sent_at) AS last_invited_at, max(accepted_at) FILTER (WHERE status = 'ACCEPTED') AS accepted_at,
                      bool_or(status = 'ACCEPTED') AS accepted,
                      (array_agg(status ORDER BY id DESC) FILTER (WHERE status <> 'SUPERSEDED'))[1] AS last_status,
                      bool_or(sent_at IS NOT NULL AND status <> 'WITHDRAWN') AS sent
                 FROM invitation GROUP BY email_norm) i ON i.email_norm = e.email_norm
    LEFT JOIN portal_account p ON p.email_norm = e.email_norm
   ORDER BY e.email_norm;

  INSERT INTO contact (id, account_id, first_name, last_name, email, is_billing, division_id, account_open, account_class_id,
                       bill_group_id, account_source_id, balance_due_positive, autopay_active, service_periods, site_source_ids,
                       address_state, shared_email)
  SELECT c.id, c.account_id, c.first_name, c.last_name, c.email, c.is_billing, a.division_id, a.is_open, a.account_class_id,
         a.bill_group_id, a.account_source_id, a.balance_due > 0, a.autopay_active, a.service_periods, a.site_source_ids,
         coalesce(s.state, 0),
         coalesce(n.contacts > 1, false)
    FROM demo_contact c
    JOIN account a ON a.id = c.account_id
    LEFT JOIN demo_address n ON n.email_norm = c.email_norm
    LEFT JOIN email_status s ON s.email_norm = c.email_norm;
  -- the counts' tally (R__count_tally.sql), whose triggers were off for the load
  PERFORM count_tally_rebuild();

  PERFORM invite_bulk_load_end();

  INSERT INTO app_user (login, full_name) VALUES ('demo', 'Demo User'), ('viewer', 'View-only User')
  ON CONFLICT (login) DO NOTHING;
  INSERT INTO user_permission (user_id, permission_id)
  SELECT u.id, p.id FROM app_user u CROSS JOIN permission p WHERE u.login = 'demo'
  ON CONFLICT DO NOTHING;

  IF NOT EXISTS (SELECT 1 FROM notification_template) THEN
    INSERT INTO notification_template (template_key, version, name, subject, html_body, text_body, active, changed_by) VALUES
    ('standard', 1, 'Standard portal invitation', 'Your $division.name online account is ready',
     '<p>Dear $contact.firstName $contact.lastName,</p>
<p>You can now see your bills, pay online and manage service for account <b>$account.number</b> ($account.name) in the $division.name customer portal.</p>
<p><a href="$inviteUrl">Create your portal login</a></p>
<p>This invitation is valid until $expiresOn.</p>
<p>Kind regards,<br>$division.name customer service</p>',
     'Dear $contact.firstName $contact.lastName,

You can now see your bills, pay online and manage service for account $account.number ($account.name) in the $division.name customer portal.

Create your portal login: $inviteUrl

This invitation is valid until $expiresOn.

Kind regards,
$division.name customer service', true, 'system'),
    ('reminder', 1, 'Friendly reminder', 'Reminder: activate your $division.name portal login',
     '<p>Hello $contact.firstName,</p><p>We invited you to the $division.name customer portal and you have not signed up yet.</p><p><a href="$inviteUrl">Activate my login</a> (valid until $expiresOn)</p>',
     'Hello $contact.firstName,

We invited you to the $division.name customer portal and you have not signed up yet.

Activate my login: $inviteUrl (valid until $expiresOn)', true, 'system'),
    ('welcome-2023', 1, 'Welcome letter (2023)', 'Welcome to $division.name',
     '<p>Welcome, $contact.firstName.</p><p><a href="$inviteUrl">Sign up</a></p>',
     'Welcome, $contact.firstName. Sign up: $inviteUrl', false, 'system');
  END IF;
END
$fn$;

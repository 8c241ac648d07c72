-- check-counts: every derived copy compared with its source of truth (the rules of
-- R__address_flags.sql and R__account_copies.sql, written here the slow, obvious way), and,
-- with repair, set right. For a site that bulk-loads with its triggers off.
-- One row per kind of copy: how many rows were wrong (and, with repair, were corrected).
-- work_mem: its joins and groupings pass over every contact; with a stock server's 4 MB each
-- spills to disk (the tally's comparison sorted 737 MB there: 77 s in all at 2M, 50 s with this).
CREATE OR REPLACE FUNCTION invite_check_counts(repair boolean)
  RETURNS TABLE (copy text, wrong bigint) LANGUAGE plpgsql SET work_mem = '256MB' AS $$
DECLARE
  addrs text[];
  ids bigint[];
  n bigint;
BEGIN
  -- addresses whose status row disagrees with the invitations and portal accounts (or has none)
  addrs := ARRAY(
    WITH truth AS (
      SELECT e.email_norm,
             EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm
                      AND i.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) AS invited,
             EXISTS (SELECT 1 FROM portal_account p WHERE p.email_norm = e.email_norm)
               OR EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm AND i.status = 'ACCEPTED') AS has_portal,
             EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm AND i.sent_at IS NOT NULL
                      AND i.status <> 'WITHDRAWN') AS sent,
             EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = e.email_norm AND i.address_rejected
                      AND NOT EXISTS (SELECT 1 FROM invitation j WHERE j.email_norm = e.email_norm AND j.id > i.id AND j.sent_at IS NOT NULL))
               AS undeliverable
        FROM (SELECT email_norm FROM invitation UNION SELECT email_norm FROM portal_account
              UNION SELECT email_norm FROM email_status WHERE state <> 0 OR invited) e)
    SELECT t.email_norm FROM truth t LEFT JOIN email_status s ON s.email_norm = t.email_norm
     WHERE (t.invited, t.has_portal, t.sent, t.undeliverable)
           IS DISTINCT FROM (coalesce(s.invited, false), coalesce(s.has_portal, false), coalesce(s.sent, false),
                             s.undeliverable_reason IS NOT NULL));
  copy := 'email_status';
  wrong := coalesce(array_length(addrs, 1), 0);
  IF repair AND wrong > 0 THEN PERFORM email_status_refresh(addrs); END IF;
  RETURN NEXT;

  copy := 'contact.address_state';
  SELECT count(*) INTO n FROM contact c LEFT JOIN email_status s ON s.email_norm = c.email_norm
   WHERE c.address_state <> coalesce(s.state, 0);
  wrong := n;
  IF repair AND n > 0 THEN
    UPDATE contact c SET address_state = coalesce(s.state, 0)
      FROM contact k LEFT JOIN email_status s ON s.email_norm = k.email_norm
     WHERE c.id = k.id AND c.address_state <> coalesce(s.state, 0);
  END IF;
  RETURN NEXT;

  copy := 'contact.shared_email';
  SELECT count(*) INTO n FROM contact c
   WHERE NOT c.shared_email AND c.email_norm IN (SELECT email_norm FROM contact WHERE email_norm IS NOT NULL
                                                 GROUP BY email_norm HAVING count(*) > 1);
  wrong := n;
  IF repair AND n > 0 THEN
    UPDATE contact c SET shared_email = true
     WHERE NOT c.shared_email AND c.email_norm IN (SELECT email_norm FROM contact WHERE email_norm IS NOT NULL
                                                   GROUP BY email_norm HAVING count(*) > 1);
  END IF;
  RETURN NEXT;

  -- (before the contacts' copies of them, so a repair reaches the contacts too)
  copy := 'account.service_periods, site_source_ids';
  ids := ARRAY(
    SELECT a.id FROM account a
      LEFT JOIN invite_account_service_periods() v ON v.account_id = a.id
      LEFT JOIN invite_account_site_sources() t ON t.account_id = a.id
     WHERE (a.service_periods, a.site_source_ids) IS DISTINCT FROM (coalesce(v.periods, '{}'), coalesce(t.ids, '{}')));
  wrong := cardinality(ids);
  IF repair AND wrong > 0 THEN
    PERFORM account_children_refresh(ids);
  END IF;
  RETURN NEXT;

  copy := 'contact account columns';
  SELECT count(*) INTO n FROM contact c JOIN account a ON a.id = c.account_id
   WHERE (c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active,
          c.service_periods, c.site_source_ids)
         IS DISTINCT FROM (a.division_id, a.is_open, a.account_class_id, a.bill_group_id, a.account_source_id, a.balance_due > 0, a.autopay_active,
          a.service_periods, a.site_source_ids);
  wrong := n;
  IF repair AND n > 0 THEN
    UPDATE contact c SET division_id = a.division_id, account_open = a.is_open, account_class_id = a.account_class_id,
           bill_group_id = a.bill_group_id, account_source_id = a.account_source_id,
           balance_due_positive = a.balance_due > 0, autopay_active = a.autopay_active,
           service_periods = a.service_periods, site_source_ids = a.site_source_ids
      FROM account a
     WHERE a.id = c.account_id
       AND (c.division_id, c.account_open, c.account_class_id, c.bill_group_id, c.account_source_id, c.balance_due_positive, c.autopay_active,
            c.service_periods, c.site_source_ids)
           IS DISTINCT FROM (a.division_id, a.is_open, a.account_class_id, a.bill_group_id, a.account_source_id, a.balance_due > 0, a.autopay_active,
            a.service_periods, a.site_source_ids);
  END IF;
  RETURN NEXT;

  copy := 'site.division_id';
  SELECT count(*) INTO n FROM site x JOIN account a ON a.id = x.account_id WHERE x.division_id IS DISTINCT FROM a.division_id;
  wrong := n;
  IF repair AND n > 0 THEN
    UPDATE site x SET division_id = a.division_id FROM account a WHERE a.id = x.account_id AND x.division_id IS DISTINCT FROM a.division_id;
  END IF;
  RETURN NEXT;

  copy := 'service.division_id';
  SELECT count(*) INTO n FROM service x JOIN account a ON a.id = x.account_id WHERE x.division_id IS DISTINCT FROM a.division_id;
  wrong := n;
  IF repair AND n > 0 THEN
    UPDATE service x SET division_id = a.division_id FROM account a WHERE a.id = x.account_id AND x.division_id IS DISTINCT FROM a.division_id;
  END IF;
  RETURN NEXT;

  -- last: the counts' tally (R__count_tally.sql) against the contacts as they now are, key by key
  copy := 'count_tally';
  SELECT count(*) INTO n FROM (
    SELECT 1 FROM (
      SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
             is_billing, email_valid, shared_email, address_state, service_active, site_source_ids, contacts AS delta
        FROM count_tally
      UNION ALL
      -- (a contact counts as waiting while its address has an open invitation: R__count_tally.sql)
      SELECT division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
             is_billing, email_valid, shared_email, count_tally_state(c.address_state, w.id IS NOT NULL),
             service_periods @> (SELECT day FROM count_day), site_source_ids, -1
        FROM contact c LEFT JOIN invitation w ON w.email_norm = c.email_norm AND w.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')
       WHERE account_open AND division_id IS NOT NULL) x
     GROUP BY division_id, account_class_id, bill_group_id, account_source_id, balance_due_positive, autopay_active,
              is_billing, email_valid, shared_email, address_state, service_active, site_source_ids
    HAVING sum(delta) <> 0) d;
  wrong := n;
  IF repair AND n > 0 THEN PERFORM count_tally_rebuild(); END IF;
  RETURN NEXT;

  -- not a copy, but a rule the counts rely on: lookups belong to the account's division
  copy := 'account lookups of another division (fix by hand)';
  SELECT count(*) INTO wrong FROM account a
    LEFT JOIN account_class ac ON ac.id = a.account_class_id
    LEFT JOIN bill_group bg ON bg.id = a.bill_group_id
    LEFT JOIN account_source aso ON aso.id = a.account_source_id
   WHERE ac.division_id <> a.division_id OR bg.division_id <> a.division_id OR aso.division_id <> a.division_id;
  RETURN NEXT;
END $$;

-- The portal's side of an invitation (integration.md, "The portal"). The link carries a token;
-- only its SHA-256 is stored (invitation.token_hash, hex). accept_invitation redeems it once and
-- answers one word:
--   accepted    the invitation was the address's newest, delivered and not expired: it is now
--               ACCEPTED and the address has a portal account (portal_account), in this transaction,
--               so the counts move with it;
--   used        it was accepted before;
--   expired     its expires_at has passed (it becomes EXPIRED);
--   superseded  a newer invitation went to the address since;
--   withdrawn   a person withdrew it;
--   unknown     no invitation has this token (or it was never delivered).
-- SECURITY DEFINER with a fixed search_path: the portal's login needs only EXECUTE on it (the
-- role invite_desk_portal), no right on the tables.
CREATE OR REPLACE FUNCTION invite_redeem(p_token text, p_accept boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  inv record;
BEGIN
  IF p_token IS NULL OR p_token !~ '^[A-Za-z0-9_-]{16,128}$' THEN
    RETURN 'unknown';
  END IF;
  -- an invitation in doubt may be accepted, and so stop waiting: the tally's wait lock first,
  -- before the row's (R__count_tally.sql)
  IF p_accept THEN PERFORM count_tally_wait_lock(); END IF;
  SELECT id, email, email_norm, status, expires_at INTO inv FROM invitation
   WHERE token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex') FOR UPDATE;
  -- (FOR UPDATE: two redemptions of one token run one after the other; the second says used)
  IF NOT FOUND THEN
    RETURN 'unknown';
  END IF;
  IF inv.status = 'ACCEPTED' THEN RETURN 'used'; END IF;
  IF inv.status = 'WITHDRAWN' THEN RETURN 'withdrawn'; END IF;
  IF inv.status = 'SUPERSEDED' OR EXISTS (SELECT 1 FROM invitation n WHERE n.email_norm = inv.email_norm AND n.id > inv.id
                                            AND n.status NOT IN ('FAILED', 'WITHDRAWN')) THEN
    RETURN 'superseded';
  END IF;
  IF inv.status = 'EXPIRED' THEN RETURN 'expired'; END IF;
  IF inv.status NOT IN ('SENT', 'IN_DOUBT') THEN RETURN 'unknown'; END IF;
  IF inv.expires_at IS NOT NULL AND inv.expires_at < now() THEN
    IF p_accept THEN UPDATE invitation SET status = 'EXPIRED' WHERE id = inv.id; END IF;
    RETURN 'expired';
  END IF;
  IF NOT p_accept THEN RETURN 'open'; END IF;
  UPDATE invitation SET status = 'ACCEPTED', accepted_at = now(), sent_at = coalesce(sent_at, now()) WHERE id = inv.id;
  INSERT INTO portal_account (email) VALUES (inv.email) ON CONFLICT (email_norm) DO NOTHING;
  RETURN 'accepted';
END $$;

-- What the portal calls: accept_invitation redeems; invitation_state only says what redeeming
-- would answer ('open' when it would be accepted), changing nothing (for the page a link opens).
CREATE OR REPLACE FUNCTION accept_invitation(p_token text) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$ SELECT invite_redeem(p_token, true) $$;
CREATE OR REPLACE FUNCTION invitation_state(p_token text) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$ SELECT invite_redeem(p_token, false) $$;

REVOKE ALL ON FUNCTION invite_redeem(text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION accept_invitation(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION invitation_state(text) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_portal') THEN
    GRANT EXECUTE ON FUNCTION accept_invitation(text), invitation_state(text) TO invite_desk_portal;
  END IF;
END $$;

-- Withdraws an address's delivered invitations (SENT, EXPIRED, SUPERSEDED), so no link of theirs
-- works and the address counts as not invited again. An address with an accepted invitation,
-- or one waiting in a batch (queued, in doubt), is left alone. Returns how many were withdrawn.
CREATE OR REPLACE FUNCTION invite_withdraw(p_email text, p_by text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  addr text := invite_email_norm(p_email);
  who text := invite_acting_user(p_by);
  n integer;
BEGIN
  -- the database's own check (integration.md, "Roles"): permission 390 for the user it acts for
  PERFORM invite_require_permission(who, 390);
  PERFORM pg_advisory_xact_lock_shared(7242, 5); -- (before the rows' locks, as every writer of email_status)
  UPDATE invitation SET status = 'WITHDRAWN', withdrawn_at = now(), withdrawn_by = who
   WHERE email_norm = addr AND status IN ('SENT', 'EXPIRED', 'SUPERSEDED')
     AND NOT EXISTS (SELECT 1 FROM invitation a WHERE a.email_norm = addr
                      AND a.status IN ('ACCEPTED', 'QUEUED', 'CLAIMED', 'SENDING', 'IN_DOUBT'));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

REVOKE ALL ON FUNCTION invite_withdraw(text, text) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_send') THEN
    GRANT EXECUTE ON FUNCTION invite_withdraw(text, text) TO invite_desk_send;
  END IF;
END $$;

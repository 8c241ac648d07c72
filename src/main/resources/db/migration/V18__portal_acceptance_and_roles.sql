-- The portal's side of an invitation: a token is redeemed by accept_invitation (R__portal.sql),
-- found by the SHA-256 of the token that the link carries; a person may withdraw an invitation
-- that was sent (WITHDRAWN: its link stops working, the address counts as not invited again).
ALTER TABLE invitation DROP CONSTRAINT invitation_status_check;
ALTER TABLE invitation ADD CONSTRAINT invitation_status_check
  CHECK (status IN ('QUEUED','CLAIMED','SENDING','SENT','FAILED','IN_DOUBT','ACCEPTED','EXPIRED','SUPERSEDED','WITHDRAWN'));
ALTER TABLE invitation ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE invitation ADD COLUMN withdrawn_by text;
CREATE INDEX invitation_token_hash ON invitation (token_hash) WHERE token_hash IS NOT NULL;

-- Group roles (NOLOGIN; roles belong to the whole cluster, so this is safe to repeat): a login
-- is made a member of the ones it needs (integration.md, "Roles"). Creating them needs
-- CREATEROLE; a migrating owner without it gets one warning and the roles are left to an
-- administrator (the app says so at start).
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['invite_desk_look', 'invite_desk_send', 'invite_desk_templates', 'invite_desk_sender_service',
                           'invite_desk_portal'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'Invite Desk: cannot create the role % (the migrating login needs CREATEROLE); an administrator creates it', r;
      END;
    END IF;
  END LOOP;
END $$;

-- What the group roles of V18 may do (integration.md, "Roles"). Looking (invite_desk_look) is
-- reading what the screens read; the other roles include it. No group role may INSERT, UPDATE or
-- DELETE Invite Desk's tables: a login that is only a member of them is signed in as itself
-- (its session_user), and may look. The schema owner keeps every right.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_look') THEN
    GRANT USAGE ON SCHEMA public TO invite_desk_look;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO invite_desk_look;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO invite_desk_look;
    GRANT invite_desk_look TO invite_desk_send, invite_desk_templates, invite_desk_sender_service;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'Invite Desk: cannot grant the invite_desk_* roles their rights (%); an administrator runs R__grants.sql', SQLERRM;
END $$;

-- The `grant` command: a person's login role (made when missing, without a password: set one, or
-- use Kerberos, as the site does), its group roles, its Invite Desk user and permissions
-- (390 send, 120 templates; none: may look). p_service: a sender service's login instead
-- (invite_desk_sender_service, and 390 for the user it sends as). Needs CREATEROLE, and runs with
-- the caller's rights.
DROP FUNCTION IF EXISTS invite_grant(text, text, integer[]);
CREATE OR REPLACE FUNCTION invite_grant(p_login text, p_name text, p_permissions integer[], p_service boolean) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  uid bigint;
  made boolean := false;
BEGIN
  IF p_service AND NOT 390 = ANY (p_permissions) THEN
    p_permissions := p_permissions || 390;
  END IF;
  IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('"%s" is not a login name: lower-case letters, digits, _ . and -, starting with a letter', p_login);
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_permissions) p WHERE p NOT IN (120, 390)) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the permissions are 390 (send) and 120 (templates)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', p_login);
    made := true;
  END IF;
  EXECUTE format('GRANT invite_desk_look TO %I', p_login);
  IF p_service THEN
    EXECUTE format('GRANT invite_desk_sender_service TO %I', p_login);
  ELSIF 390 = ANY (p_permissions) THEN EXECUTE format('GRANT invite_desk_send TO %I', p_login); END IF;
  IF 120 = ANY (p_permissions) THEN EXECUTE format('GRANT invite_desk_templates TO %I', p_login); END IF;
  INSERT INTO app_user (login, full_name) VALUES (p_login, coalesce(nullif(btrim(p_name), ''), p_login))
    ON CONFLICT (login) DO UPDATE SET full_name = coalesce(nullif(btrim(p_name), ''), app_user.full_name)
    RETURNING id INTO uid;
  INSERT INTO user_permission (user_id, permission_id) SELECT uid, p FROM unnest(p_permissions) p ON CONFLICT DO NOTHING;
  RETURN CASE WHEN made THEN 'created' ELSE 'existing' END;
END $$;

-- Saving a template through the database's own check (integration.md, "Roles"): every save is a
-- new version; deactivating is a new, inactive version. Both check permission 120 for the user
-- they act for (invite_acting_user, R__queue.sql) and record that user; EXECUTE is granted to
-- invite_desk_templates only. The caller holds the templates lock (LockKeys.TEMPLATES) and has
-- checked the name and the content.
CREATE OR REPLACE FUNCTION invite_save_template(p_login text, p_key text, p_version integer, p_name text, p_subject text,
                                                p_html text, p_text text, p_active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
BEGIN
  PERFORM invite_require_permission(who, 120);
  INSERT INTO notification_template (template_key, version, name, subject, html_body, text_body, active, changed_by)
  VALUES (p_key, p_version, p_name, p_subject, p_html, p_text, p_active, who);
END $$;

-- @return 1 when the template was deactivated, 0 when there is no such template
CREATE OR REPLACE FUNCTION invite_deactivate_template(p_login text, p_key text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  who text := invite_acting_user(p_login);
  n integer;
BEGIN
  PERFORM invite_require_permission(who, 120);
  INSERT INTO notification_template (template_key, version, name, subject, html_body, text_body, active, changed_by)
  SELECT template_key, version + 1, name, subject, html_body, text_body, false, who
    FROM (SELECT DISTINCT ON (template_key) * FROM notification_template WHERE kind = 'PORTAL_INVITE' AND template_key = p_key
           ORDER BY template_key, version DESC) t;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

REVOKE ALL ON FUNCTION invite_save_template(text, text, integer, text, text, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION invite_deactivate_template(text, text) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite_desk_templates') THEN
    GRANT EXECUTE ON FUNCTION invite_save_template(text, text, integer, text, text, text, text, boolean),
                              invite_deactivate_template(text, text) TO invite_desk_templates;
  END IF;
END $$;

-- Copying the invited / has-portal flags to contacts when addresses get their first status row:
-- as UPDATE … FROM new_rows the planner merge-joined the whole contact email index (6.0 s for
-- 125,000 new addresses on the 1M demo); looking the addresses up with = ANY(array) takes 1.9 s
-- (EXPLAIN ANALYZE in performance.md). A new status row can only turn a flag on.
CREATE OR REPLACE FUNCTION email_status_to_contacts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact c SET invited = true
   WHERE c.email_norm = ANY (ARRAY(SELECT n.email_norm FROM new_rows n WHERE n.invited)) AND NOT c.invited;
  UPDATE contact c SET has_portal = true
   WHERE c.email_norm = ANY (ARRAY(SELECT n.email_norm FROM new_rows n WHERE n.has_portal)) AND NOT c.has_portal;
  RETURN NULL;
END $$;

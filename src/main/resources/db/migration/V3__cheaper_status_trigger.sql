-- The send engine updates one invitation row per message. The statement-level trigger of V1
-- built two transition tables and grouped them for every such update, which cost about a
-- quarter of the end-to-end send throughput (performance.md). A row-level trigger that fires
-- only when something email_status keeps has changed does one primary-key update instead.
DROP TRIGGER invitation_update_status ON invitation;
DROP FUNCTION email_status_on_invitation_update();

CREATE FUNCTION email_status_on_invitation_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE email_status s SET
    times_invited = s.times_invited
                    + CASE WHEN NEW.sent_at IS NOT NULL AND OLD.sent_at IS DISTINCT FROM NEW.sent_at THEN 1 ELSE 0 END,
    last_invited_at = greatest(s.last_invited_at, NEW.sent_at),
    accepted_at = coalesce(s.accepted_at, NEW.accepted_at),
    has_portal = s.has_portal OR NEW.accepted_at IS NOT NULL,
    -- The status shown is that of the address's newest invitation; a superseded one never shows.
    last_status = CASE
        WHEN NEW.status = 'SUPERSEDED' THEN s.last_status
        WHEN EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = NEW.email_norm AND i.id > NEW.id) THEN s.last_status
        ELSE NEW.status END
  WHERE s.email_norm = NEW.email_norm;
  RETURN NULL;
END $$;

CREATE TRIGGER invitation_update_status AFTER UPDATE ON invitation
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.sent_at IS DISTINCT FROM NEW.sent_at
        OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at)
  EXECUTE FUNCTION email_status_on_invitation_row_update();

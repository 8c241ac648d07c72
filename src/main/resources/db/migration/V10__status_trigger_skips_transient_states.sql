-- The send engine moves each row QUEUED -> CLAIMED -> SENDING -> SENT. The two middle states
-- last milliseconds and nothing shows them, so the status trigger need not run for them: it
-- ran for all three moves (and for each of the 25 rows of a claim), costing send throughput.
DROP TRIGGER invitation_update_status ON invitation;
CREATE TRIGGER invitation_update_status AFTER UPDATE ON invitation
  FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status AND NEW.status NOT IN ('CLAIMED', 'SENDING'))
        OR OLD.sent_at IS DISTINCT FROM NEW.sent_at
        OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at)
  EXECUTE FUNCTION email_status_on_invitation_row_update();

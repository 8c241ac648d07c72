-- invitation.batch_id -> invitation_batch(id), kept as a foreign key would keep it, checked once
-- per statement (V27): a queue writes 100,000 rows of one batch, and a foreign key would look the
-- batch up 100,000 times. The same promise, both sides:
-- * rows written into invitation name batches that exist; each batch named is locked FOR KEY SHARE
--   until the transaction ends (what a foreign key's check takes), so it cannot be deleted before
--   the rows are committed; one deleted meanwhile is not found, and the write fails (SQLSTATE 23503);
-- * a batch that still has invitations cannot be deleted (checked after the delete has its row
--   lock, so it sees the invitations of a writer it waited for) nor truncated.
-- BatchKeyTest holds a writer's transaction open while another deletes, both ways round.

-- The batch named by invitations, locked FOR KEY SHARE until commit; refused when there is none.
-- (SECURITY DEFINER: the check reads and locks as the tables' owner, as a foreign key's does)
CREATE OR REPLACE FUNCTION invitation_batch_key_hold(b bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM invitation_batch WHERE id = b FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = format('An invitation names batch %s, which does not exist.', b);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION invitation_batch_key_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  b bigint;
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    PERFORM invitation_batch_key_hold(NEW.batch_id);
    RETURN NULL;
  END IF;
  FOR b IN SELECT DISTINCT n.batch_id FROM new_rows n WHERE n.batch_id IS NOT NULL ORDER BY 1 LOOP
    PERFORM invitation_batch_key_hold(b);
  END LOOP;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS invitation_batch_key_insert ON invitation;
CREATE TRIGGER invitation_batch_key_insert AFTER INSERT ON invitation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invitation_batch_key_check();
-- (no path moves an invitation to another batch: a row-level check that never fires otherwise)
DROP TRIGGER IF EXISTS invitation_batch_key_update ON invitation;
CREATE TRIGGER invitation_batch_key_update AFTER UPDATE OF batch_id ON invitation
  FOR EACH ROW WHEN (NEW.batch_id IS DISTINCT FROM OLD.batch_id AND NEW.batch_id IS NOT NULL)
  EXECUTE FUNCTION invitation_batch_key_check();

CREATE OR REPLACE FUNCTION invitation_batch_still_referenced() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF EXISTS (SELECT 1 FROM invitation WHERE batch_id IS NOT NULL) THEN
      RAISE EXCEPTION USING ERRCODE = '23503',
        MESSAGE = 'Invitation batches cannot be truncated while invitations name them; remove those invitations first.';
    END IF;
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM invitation WHERE batch_id = OLD.id) THEN
    RAISE EXCEPTION USING ERRCODE = '23503',
      MESSAGE = format('Batch %s still has invitations; it cannot be deleted or renumbered.', OLD.id);
  END IF;
  -- an older snapshot would miss invitations committed by a writer this delete waited for
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION USING ERRCODE = '25001',
      MESSAGE = format('Invitation batches are deleted at READ COMMITTED; this transaction is %s. Start it with SET TRANSACTION ISOLATION LEVEL READ COMMITTED.',
                       upper(current_setting('transaction_isolation')));
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS invitation_batch_delete_key ON invitation_batch;
CREATE TRIGGER invitation_batch_delete_key AFTER DELETE ON invitation_batch
  FOR EACH ROW EXECUTE FUNCTION invitation_batch_still_referenced();
DROP TRIGGER IF EXISTS invitation_batch_renumber_key ON invitation_batch;
CREATE TRIGGER invitation_batch_renumber_key AFTER UPDATE OF id ON invitation_batch
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id)
  EXECUTE FUNCTION invitation_batch_still_referenced();
DROP TRIGGER IF EXISTS invitation_batch_truncate_key ON invitation_batch;
CREATE TRIGGER invitation_batch_truncate_key BEFORE TRUNCATE ON invitation_batch
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_batch_still_referenced();

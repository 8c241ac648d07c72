-- invitation.batch_id must name a batch, as before, but the check is made once per statement
-- (R__batch_key.sql) instead of once per row: the foreign key's per-row check was 0.35-0.6 s of
-- every 100,000 invitations queued (performance.md, "Queueing"). The batch's side (a batch with
-- invitations cannot be deleted) is kept by a trigger on invitation_batch.
ALTER TABLE invitation DROP CONSTRAINT invitation_batch_id_fkey;

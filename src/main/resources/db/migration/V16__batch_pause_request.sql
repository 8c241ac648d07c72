-- A pause asked for by a person (`pause BATCH`, or the Batches window) while another process
-- runs the batch: the run sees it within a second, stops after its messages in flight, and
-- records who paused it.
ALTER TABLE invitation_batch ADD COLUMN pause_requested_by text;

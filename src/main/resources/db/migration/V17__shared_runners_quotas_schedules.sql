-- Sending lives in the database and any number of processes carry it out together: sender
-- services (`serve`), windows, `send`/`resume` commands, on any machines sharing this database.
--
-- send_runner: one row per live run of a batch (batch_id set) and one per sender service
-- between batches (batch_id NULL). A runner holds the session advisory lock
-- LockKeys.runner(id) on its own connection for as long as it lives, and writes seen_at every
-- 5 s. When the lock can be taken by someone else, the runner is dead (its process was killed, or
-- PostgreSQL dropped its connection after the TCP keepalives it set failed: within about 25 s for
-- a machine that is gone), and whoever notices settles what it left: the rows its slots list as
-- accepted are SENT, the one it was handing is IN_DOUBT, and the rows it had claimed
-- (invitation.claimed_by) go back to QUEUED. seen_at is what the window reads to know whether a
-- sender service is alive ("seen within the last 15 s").
CREATE TABLE send_runner (
  id          bigserial PRIMARY KEY,
  batch_id    bigint REFERENCES invitation_batch(id),
  kind        text NOT NULL CHECK (kind IN ('SERVICE', 'WINDOW', 'COMMAND')),
  host        text NOT NULL,
  pid         bigint NOT NULL,
  login       text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  seen_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX send_runner_batch ON send_runner (batch_id);

-- What a run of the one-runner engine left behind is settled here, as its next run would have.
UPDATE invitation i SET status = 'SENT', sent_at = x.at, last_error = NULL
  FROM send_slot s CROSS JOIN LATERAL unnest(s.sent_ids, s.sent_at) AS x(id, at)
 WHERE i.id = x.id AND i.status = 'CLAIMED';
UPDATE invitation SET status = 'IN_DOUBT',
       last_error = 'The app stopped after handing this message to the SMTP server and before its reply was recorded: it may or may not have been delivered.'
 WHERE status = 'CLAIMED' AND id IN (SELECT handing_id FROM send_slot WHERE handing_id IS NOT NULL);
DELETE FROM send_slot;
UPDATE invitation SET status = 'QUEUED', attempts = greatest(attempts - 1, 0) WHERE status = 'CLAIMED';

-- A slot belongs to one runner's connection; two processes on one batch each have their own.
ALTER TABLE send_slot DROP CONSTRAINT send_slot_pkey;
ALTER TABLE send_slot ADD COLUMN runner_id bigint NOT NULL REFERENCES send_runner(id);
ALTER TABLE send_slot ADD PRIMARY KEY (runner_id, worker);
CREATE INDEX send_slot_batch ON send_slot (batch_id);

-- Which runner claimed a CLAIMED row (no foreign key: written with the claim, read only when settling).
ALTER TABLE invitation ADD COLUMN claimed_by bigint;

-- SCHEDULED: waits for run_at ("Send at…", `send --at`). WAITING: the relay's daily limit is
-- reached; run_at is when the rolling 24 hours free enough of it. Any runner picks either up
-- once run_at has passed.
ALTER TABLE invitation_batch DROP CONSTRAINT invitation_batch_status_check;
ALTER TABLE invitation_batch ADD CONSTRAINT invitation_batch_status_check
  CHECK (status IN ('QUEUED', 'SCHEDULED', 'SENDING', 'WAITING', 'PAUSED', 'CANCELLED', 'DONE'));
ALTER TABLE invitation_batch ADD COLUMN run_at timestamptz;

-- The relay's daily limit (smtp.dailyLimit), shared by every runner: recipients handed to one
-- relay per minute. A claim reserves its rows here first (invite_reserve_quota, in
-- R__send_quota.sql); the rolling 24 hours are the sum of the newest 1,441 minutes.
CREATE TABLE relay_use (
  relay       text NOT NULL,
  minute      timestamptz NOT NULL,
  recipients  integer NOT NULL,
  PRIMARY KEY (relay, minute)
);

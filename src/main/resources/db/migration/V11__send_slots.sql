-- The send engine's durable record of what each SMTP connection is doing, one narrow row per
-- connection of a running send. Before a message is handed to SMTP its connection's row names it
-- (handing_id) and lists the messages the server has accepted since the invitation rows were last
-- written (sent_ids, sent_at). That is one small HOT update per message, where marking the
-- invitation row itself SENDING and then SENT changed an indexed column twice and ran the status
-- trigger each time (about 1 ms of PostgreSQL CPU per message; performance.md). The accepted
-- rows are written to invitation once per claim. After a crash the next run of the batch first
-- settles these rows: the listed ones are SENT, the one being handed is IN_DOUBT, the rest of
-- what was claimed goes back to QUEUED. So at most one row per connection is in doubt and no
-- message is sent twice, as before.
CREATE TABLE send_slot (
  batch_id    bigint NOT NULL REFERENCES invitation_batch(id),
  worker      integer NOT NULL,
  handing_id  bigint,
  sent_ids    bigint[] NOT NULL DEFAULT '{}',
  sent_at     timestamptz[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (batch_id, worker)
) WITH (fillfactor = 20);

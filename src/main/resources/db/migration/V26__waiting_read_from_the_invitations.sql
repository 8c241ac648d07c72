-- Whether an address waits in an unfinished batch is no longer copied (#20, queueing): email_status
-- loses `waiting`, its state (and so each contact's address_state) is the address's settled state
-- (4 undeliverable, 3 portal, 1 sent, 0 none), and the counts' tally counts a contact as 2 while
-- its address has an open invitation (R__count_tally.sql). Queueing a batch then writes its
-- invitations and the tally's change, and no row of email_status or contact: those rows lie on
-- scattered pages, and the first change of a page after a checkpoint writes the whole page to the
-- WAL (677 MB to 1.2 GB per 100,000 queued addresses).
-- invited and last_status now speak of invitations that are no longer open.
DROP TRIGGER IF EXISTS email_status_to_contacts_update ON email_status;
DROP INDEX email_status_invited_unsent_idx;
ALTER TABLE email_status DROP CONSTRAINT email_status_pkey;
UPDATE email_status s
   SET invited = EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = s.email_norm
                          AND i.status NOT IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')),
       last_status = (SELECT i.status FROM invitation i WHERE i.email_norm = s.email_norm
                         AND i.status NOT IN ('SUPERSEDED','QUEUED','CLAIMED','SENDING','IN_DOUBT')
                       ORDER BY i.id DESC LIMIT 1)
 WHERE s.waiting;
ALTER TABLE email_status DROP COLUMN state, DROP COLUMN waiting;
ALTER TABLE email_status ADD COLUMN state smallint GENERATED ALWAYS AS (
  CASE WHEN undeliverable_reason IS NOT NULL THEN 4 WHEN has_portal THEN 3 WHEN sent THEN 1 ELSE 0 END) STORED;
ALTER TABLE email_status ADD CONSTRAINT email_status_pkey PRIMARY KEY (email_norm) INCLUDE (state);
CREATE INDEX email_status_invited_unsent_idx ON email_status (email_norm) WHERE invited AND state = 0;
UPDATE contact c SET address_state = coalesce(s.state, 0)
  FROM contact k LEFT JOIN email_status s ON s.email_norm = k.email_norm
 WHERE c.id = k.id AND c.address_state = 2;

-- Moved by every change of whether addresses wait; a contact writer at REPEATABLE READ locks it
-- (R__count_tally.sql) and so learns of a change its snapshot does not see.
CREATE TABLE count_wait_clock (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  n bigint NOT NULL
);
INSERT INTO count_wait_clock (n) VALUES (0);

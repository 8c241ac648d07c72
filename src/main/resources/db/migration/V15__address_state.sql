-- The count groups say what happened to an address (issue #16), in this order of precedence:
--   4 undeliverable  a mail server rejected the address for good (5.1.x): counted with "No valid email"
--   3 portal         a portal account, or an accepted invitation
--   2 waiting        an invitation queued, claimed or in doubt: "Waiting in an unfinished batch"
--   1 sent           at least one invitation accepted by a mail server: "Invited, not accepted"
--   0 none           "Not invited" (never sent: only failed attempts count as nothing)
-- email_status keeps the facts and their state; each contact carries a copy of its address's
-- state (address_state), which replaces the two flags invited / has_portal in the covering
-- indexes the counts read.
ALTER TABLE email_status
  ADD COLUMN sent boolean NOT NULL DEFAULT false,
  ADD COLUMN waiting boolean NOT NULL DEFAULT false,
  ADD COLUMN undeliverable_reason text;

-- The send engine marks a failure that rejected the address itself (5.1.x; 550/551/553 without
-- an enhanced code), with the reason to show.
ALTER TABLE invitation ADD COLUMN address_rejected boolean NOT NULL DEFAULT false;

UPDATE email_status s SET sent = x.sent, waiting = x.waiting
  FROM (SELECT email_norm, bool_or(sent_at IS NOT NULL) AS sent,
               bool_or(status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) AS waiting
          FROM invitation GROUP BY email_norm) x
 WHERE s.email_norm = x.email_norm AND (x.sent OR x.waiting);

ALTER TABLE email_status ADD COLUMN state smallint GENERATED ALWAYS AS (
  CASE WHEN undeliverable_reason IS NOT NULL THEN 4 WHEN has_portal THEN 3 WHEN waiting THEN 2 WHEN sent THEN 1 ELSE 0 END) STORED;

ALTER TABLE contact ADD COLUMN address_state smallint NOT NULL DEFAULT 0;
UPDATE contact c SET address_state = s.state FROM email_status s WHERE s.email_norm = c.email_norm AND s.state <> 0;

DROP INDEX contact_scope_idx;
DROP INDEX contact_shared_idx;
ALTER TABLE contact DROP COLUMN invited, DROP COLUMN has_portal;
CREATE INDEX contact_scope_idx ON contact (division_id)
  INCLUDE (account_class_id, bill_group_id, account_source_id, account_id, balance_due_positive, autopay_active,
           is_billing, email_valid, address_state, shared_email)
  WHERE account_open;
CREATE INDEX contact_shared_idx ON contact (division_id, email_norm)
  INCLUDE (account_class_id, bill_group_id, account_source_id, account_id, balance_due_positive, autopay_active,
           is_billing, email_valid, address_state)
  WHERE account_open AND shared_email;
ANALYZE contact;

-- invitation.contact_id names the contact an invitation was made for. As a foreign key it made
-- queueing look up and lock every contact row it invited (2.3-3.2 s per 125,000 invitations on
-- the 1M demo; performance.md), and it would stop the billing system from deleting a contact
-- that was ever invited. An invitation belongs to its address (email_norm), which it keeps; the
-- row is chosen from contact in the same statement that inserts it; and a contact deleted later
-- leaves its invitations in the history with the name missing.
ALTER TABLE invitation DROP CONSTRAINT invitation_contact_id_fkey;

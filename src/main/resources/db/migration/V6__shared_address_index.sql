-- The few contacts whose address another contact shares are counted with DISTINCT in their own
-- scan (RecipientMapper.counts); this index finds them per division without reading the rest.
CREATE INDEX contact_shared_idx ON contact (division_id, email_norm) WHERE account_open AND shared_email;

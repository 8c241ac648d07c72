-- Details sorted by a key of the address's history (status, last invited, times invited,
-- accepted) in the Not invited group: the rows of addresses that were invited but have nothing
-- sent (every invitation failed or was withdrawn) are the only ones of that group whose key is not
-- empty, and are found here (RecipientMapper.xml, detailPaged). Queueing and sending never put a
-- row in it (their addresses are waiting or sent), so it costs them no index entry.
CREATE INDEX email_status_invited_unsent_idx ON email_status (email_norm) WHERE invited AND state = 0;

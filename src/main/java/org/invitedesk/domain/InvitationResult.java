package org.invitedesk.domain;

import java.time.OffsetDateTime;

/** What became of one invitation of a batch (its results CSV). */
public record InvitationResult(String email, String contactName, String accountNumber, String status, String reason,
                               int attempts, OffsetDateTime sentAt) { }

package org.invitedesk.domain;

/** One queued invitation with what its template needs. */
public record Recipient(long invitationId, String email, String firstName, String lastName,
                        String accountNumber, String accountName, int attempts) {
}

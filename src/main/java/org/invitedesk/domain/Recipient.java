package org.invitedesk.domain;

/** One claimed invitation with what its template needs; {@code tokenIndex} (from 1) names its token in the claim. */
public record Recipient(long invitationId, String email, String firstName, String lastName,
                        String accountNumber, String accountName, int attempts, int tokenIndex) {
}

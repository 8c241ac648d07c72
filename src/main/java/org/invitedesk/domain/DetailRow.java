package org.invitedesk.domain;

import java.time.OffsetDateTime;

/**
 * One row of the Portal Invitation Details window (one contact, or one address for Will receive).
 * {@code emailKey} is the address trimmed and lower-cased, which the e-mail column sorts by.
 */
public record DetailRow(long contactId, String accountNumber, String accountName, String contactName,
                        String email, boolean billingContact, String accountClass, String billGroup,
                        String invitationStatus, OffsetDateTime lastInvitedAt, int timesInvited,
                        OffsetDateTime acceptedAt, String lastError, String emailKey) {
}

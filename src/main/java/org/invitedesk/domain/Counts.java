package org.invitedesk.domain;

/** The count groups for one filter. The five contact groups add up to {@code contacts}; will receive counts addresses. */
public record Counts(long contacts, long notInvited, long invitedNotAccepted, long hasPortalAccount,
                     long noValidEmail, long waitingInBatch, long willReceive) {

    public long of(CountGroup g) {
        return switch (g) {
            case NOT_INVITED -> notInvited;
            case INVITED_NOT_ACCEPTED -> invitedNotAccepted;
            case HAS_PORTAL_ACCOUNT -> hasPortalAccount;
            case NO_VALID_EMAIL -> noValidEmail;
            case WAITING_IN_BATCH -> waitingInBatch;
            case WILL_RECEIVE -> willReceive;
            default -> 0;
        };
    }
}

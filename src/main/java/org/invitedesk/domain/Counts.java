package org.invitedesk.domain;

/** The count groups for one filter. The first four add up to {@code contacts}. */
public record Counts(long contacts, long notInvited, long invitedNotAccepted, long hasPortalAccount,
                     long noValidEmail, long willReceive) {

    public long of(CountGroup g) {
        return switch (g) {
            case NOT_INVITED -> notInvited;
            case INVITED_NOT_ACCEPTED -> invitedNotAccepted;
            case HAS_PORTAL_ACCOUNT -> hasPortalAccount;
            case NO_VALID_EMAIL -> noValidEmail;
            case WILL_RECEIVE -> willReceive;
            default -> 0;
        };
    }
}

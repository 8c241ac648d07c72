package org.invitedesk.domain;

/**
 * The states of one invitation row (the {@code invitation.status} column). MyBatis writes the
 * name. {@code SENDING} is only found in databases written before the connection slots (V11): a
 * row being handed to SMTP is now CLAIMED and named by its connection's {@code send_slot} row.
 */
public enum InvitationStatus {
    QUEUED, CLAIMED, SENDING, SENT, FAILED, IN_DOUBT, ACCEPTED, EXPIRED, SUPERSEDED,
    /** A person withdrew it after it was sent: its link no longer works and the address counts as not invited. */
    WITHDRAWN
}

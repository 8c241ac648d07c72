package org.invitedesk.domain;

/** The states of an invitation batch (the {@code invitation_batch.status} column). */
public enum BatchStatus {
    /** Rows queued, nobody has started sending them. */
    QUEUED,
    /** A run holds the batch's lock (or held it when its process died). */
    SENDING,
    /** Stopped with work left (cancel, auto-pause, lost server) or rows in doubt; the reason says which. */
    PAUSED,
    /** Every row is settled: sent, failed, or decided. */
    DONE
}

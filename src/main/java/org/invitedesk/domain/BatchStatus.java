package org.invitedesk.domain;

/** The states of an invitation batch (the {@code invitation_batch.status} column). */
public enum BatchStatus {
    /** Rows queued, nobody has started sending them. */
    QUEUED,
    /** Waits for its time ("Send at…", {@code send --at}); any runner takes it up then. */
    SCHEDULED,
    /** One or more runs hold the batch's shared lock (or held it when their processes died). */
    SENDING,
    /** Stopped with work left (cancel, auto-pause, lost server) or rows in doubt; the reason says which. */
    PAUSED,
    /** The relay's daily limit is reached; any runner takes it up again at its {@code run_at}. */
    WAITING,
    /** Every row is settled: sent, failed, or decided. */
    DONE
}

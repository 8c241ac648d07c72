package org.invitedesk.domain;

/**
 * A batch as a person should see it, derived from the database each time (never a stale
 * tally): who is running it, what is left, what waits for a decision.
 */
public enum BatchState {
    /** At least one live process holds the batch's run lock and is sending. */
    RUNNING("running"),
    /** Queued, and a sender service is alive to take it up. */
    QUEUED("queued for the sender service"),
    /** Waits for the time it was scheduled for. */
    SCHEDULED("scheduled"),
    /** The relay's daily limit is reached; it resumes by itself when the rolling 24 hours allow. */
    WAITING("waiting for the daily limit"),
    /** Stopped on purpose (cancel, pause) or by repeated failures, with work left; the reason says which. */
    PAUSED("paused"),
    /** Work left and nobody running it: its process died, lost the database, or never started. */
    INTERRUPTED("interrupted"),
    /** Nothing left to send, but rows in doubt wait for a person: send again, or mark as sent. */
    NEEDS_DECISION("waiting for an in-doubt decision"),
    /** Every row settled. */
    DONE("finished");

    private final String words;

    BatchState(String words) { this.words = words; }

    public String words() { return words; }
}

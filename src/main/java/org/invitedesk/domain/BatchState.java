package org.invitedesk.domain;

/**
 * A batch as a person should see it, derived from the database each time (never a stale
 * tally): who is running it, what is left, what waits for a decision.
 */
public enum BatchState {
    /** A live process holds the batch's run lock and is sending. */
    RUNNING("running"),
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

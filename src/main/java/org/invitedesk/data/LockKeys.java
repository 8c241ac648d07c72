package org.invitedesk.data;

/**
 * Every PostgreSQL advisory lock Invite Desk takes, in one place. PostgreSQL keeps the
 * two-integer keys and the single 64-bit keys apart, so the batch locks (one 64-bit key per
 * batch: its id) never meet the fixed two-integer keys below. The mapper XML passes these
 * values as bound parameters.
 */
public final class LockKeys {
    /** Namespace of the fixed locks (the first integer). */
    public static final int NAMESPACE = 7242;
    /** Transaction lock: one queueing at a time, so two batches never take one address. */
    public static final int QUEUE = 0;
    /** Transaction lock: one template save at a time, so two people cannot take one name. */
    public static final int TEMPLATES = 2;
    /** Transaction lock: one reservation of the relay's daily limit at a time (written as {@code 7242, 3} in R__send_quota.sql). */
    public static final int QUOTA = 3;
    /**
     * Transaction lock on the counts' tally's day (written as {@code 7242, 4} in R__count_tally.sql):
     * shared by every writer of contacts, exclusive for the daily step that moves the day.
     */
    public static final int COUNT_DAY = 4;

    private LockKeys() { }

    /**
     * Session lock on a batch: shared by every live run of it, exclusive for a decision about it
     * (so a decision never meets a run). The batch's id.
     */
    public static long batchRun(long batchId) { return batchId; }

    /** Session lock held by a live runner for its whole life: minus its id, so it never meets a batch's key. */
    public static long runner(long runnerId) { return -runnerId; }
}

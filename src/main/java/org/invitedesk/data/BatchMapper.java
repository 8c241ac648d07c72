package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchStatus;

import java.util.List;

public interface BatchMapper {
    /** A status with no time to wait for (run_at cleared): one call of the same function as {@link #schedule}. */
    default void setStatus(long id, BatchStatus status, String reason) { schedule(id, status, reason, null); }

    /** SCHEDULED or WAITING until {@code runAt}. */
    void schedule(@Param("id") long id, @Param("status") BatchStatus status, @Param("reason") String reason,
                  @Param("runAt") java.time.OffsetDateTime runAt);

    /** The batch's status, its row locked until the transaction ends; null when there is no such batch. */
    BatchStatus lockStatus(@Param("id") long id);

    /** Batches a sender service should run at {@code now}, oldest first. */
    List<Long> due(@Param("now") java.time.OffsetDateTime now);

    /** Whether one batch is among {@link #due}. */
    boolean isDue(@Param("id") long id, @Param("now") java.time.OffsetDateTime now);

    /** Copies the invitation tallies into the batch row (the audit keeps them). */
    void refreshTotals(@Param("id") long id);

    Batch byId(@Param("id") long id);

    long templateId(@Param("id") long id);

    /** Every invitation of a batch with what became of it, streamed. */
    org.apache.ibatis.cursor.Cursor<org.invitedesk.domain.InvitationResult> results(@Param("id") long id);

    /** Asks whoever runs the batch to pause it; 0 when the batch is done or gone. */
    int requestPause(@Param("id") long id, @Param("by") String by);

    String pauseRequestedBy(@Param("id") long id);

    int clearPauseRequest(@Param("id") long id);

    /**
     * A person's resume (R__decisions.sql, checking 390 for {@code by}): a paused, scheduled or
     * waiting batch goes back to the queue; its pause request goes. @return the status it had
     */
    BatchStatus resume(@Param("id") long id, @Param("by") String by);

    List<Batch> list(@Param("limit") int limit);

    /** Batches with work left (queued rows) or rows waiting for a decision (in doubt). */
    List<Batch> unfinished();

    /** Session lock of a batch's run; false when another session holds it. */
    boolean tryRunLock(@Param("key") long key);

    boolean runUnlock(@Param("key") long key);

    boolean queueLock(@Param("namespace") int namespace, @Param("key") int key);

    /** One queueing at a time, until the transaction ends: {@link LockKeys#QUEUE}. */
    default void queueLock() { queueLock(LockKeys.NAMESPACE, LockKeys.QUEUE); }

    /** First in the queue's transaction: READ COMMITTED whatever the server's default. */
    void readCommitted();
}

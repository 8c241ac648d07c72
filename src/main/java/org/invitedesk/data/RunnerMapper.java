package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The processes that send (V17 {@code send_runner}): each holds its session lock
 * {@link LockKeys#runner(long)} for as long as it lives, so a runner whose lock another session
 * can take is dead. Also the relay's shared daily limit ({@code relay_use}).
 */
public interface RunnerMapper {
    /** Inserts a runner and takes its session lock in the same statement: it is never seen unlocked. */
    long register(@Param("kind") String kind, @Param("host") String host, @Param("pid") long pid, @Param("login") String login);

    /** Server-side TCP keepalives on this session: PostgreSQL drops it (and its locks) about 25 s after its machine is gone. */
    void keepalives();

    /** @return 0 when the runner row is gone (it was taken for dead) */
    int heartbeat(@Param("id") long id);

    boolean trySharedLock(@Param("key") long key);

    boolean sharedUnlock(@Param("key") long key);

    boolean unlock(@Param("key") long key);

    /** True when the lock was free: its owner's session is gone. Held until the transaction ends. */
    boolean tryXactLock(@Param("key") long key);

    /** Runners of one batch; every runner when {@code batchId} is null. */
    List<Long> ids(@Param("batchId") Long batchId);

    /** The batch a runner runs; null for a service between batches (or a runner gone). */
    Long batchOf(@Param("id") long id);

    int attach(@Param("id") long id, @Param("batchId") long batchId);

    /** Deletes a runner that runs no batch: this login's own, or a dead one (a runner's work is settled with it by InvitationMapper.settleRunner). */
    int deleteIdle(@Param("id") long id);

    /** A sender service seen within the last {@code seconds}. */
    boolean serviceAlive(@Param("seconds") int seconds);

    /** Runs of batches (any process) seen within the last 15 s: the configured rate is shared among them. */
    int liveRuns();

    /** Reserves up to {@code want} recipients of the relay's rolling 24-hour limit; how many may go. */
    int reserveQuota(@Param("runnerId") long runnerId, @Param("relay") String relay, @Param("want") int want, @Param("limit") int limit, @Param("now") OffsetDateTime now);

    /** Gives back recipients reserved at {@code now} and not claimed. */
    int refundQuota(@Param("runnerId") long runnerId, @Param("relay") String relay, @Param("n") int n, @Param("now") OffsetDateTime now);

    OffsetDateTime quotaFreesAt(@Param("relay") String relay, @Param("now") OffsetDateTime now);

}

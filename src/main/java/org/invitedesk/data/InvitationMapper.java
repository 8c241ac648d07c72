package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.InvitationStatus;
import org.invitedesk.domain.Recipient;

import java.time.OffsetDateTime;
import java.util.List;

/** The send engine's row transitions. Every one is a single statement. */
public interface InvitationMapper {
    /**
     * QUEUED → CLAIMED for up to {@code limit} due rows, skipping rows another worker holds. The
     * n-th claimed row (by id) stores {@code tokenHashes[n-1]} and comes back with {@code tokenIndex} n.
     */
    List<Recipient> claim(@Param("runnerId") long runnerId, @Param("batchId") long batchId, @Param("limit") int limit,
                          @Param("tokenHashes") String[] tokenHashes);

    /** Creates (or empties) a connection's slot row for this runner's run of the batch. */
    int openSlot(@Param("runnerId") long runnerId, @Param("batchId") long batchId, @Param("worker") int worker);

    /**
     * Records, durably and in one statement for several connections, that connection
     * {@code workers[i]} is about to hand {@code handingIds[i]} to SMTP and, when
     * {@code acceptedIds[i]} is not null, that its server accepted that row at {@code acceptedAtMillis[i]}.
     */
    int handAll(@Param("runnerId") long runnerId, @Param("workers") Integer[] workers, @Param("handingIds") Long[] handingIds,
                @Param("acceptedIds") Long[] acceptedIds, @Param("acceptedAtMillis") Long[] acceptedAtMillis);

    /** CLAIMED → SENT for the rows the server accepted, and empties the connection's slot, in one statement. */
    int flushSent(@Param("runnerId") long runnerId, @Param("batchId") long batchId, @Param("worker") int worker, @Param("ids") Long[] ids,
                  @Param("atMillis") Long[] atMillis);

    /**
     * CLAIMED → FAILED, QUEUED (a retry {@code retryInMs} from now, by the database's clock) or IN_DOUBT for a row that was not
     * accepted; the slot stops naming it. {@code addressRejected}: the server rejected the address
     * itself, which makes it undeliverable.
     */
    int finish(@Param("runnerId") long runnerId, @Param("worker") int worker, @Param("id") long id,
               @Param("status") InvitationStatus status, @Param("error") String error, @Param("addressRejected") boolean addressRejected,
               @Param("retryInMs") Long retryInMs);

    /**
     * Settles a runner: its own at its end, or a dead one (R__engine.sql). What its slots list as
     * accepted becomes SENT, what they were handing IN_DOUBT, what it still holds CLAIMED goes back
     * to QUEUED; its slots and row go. @return false when the runner is alive and another login's
     */
    boolean settleRunner(@Param("runnerId") long runnerId, @Param("batchId") long batchId);

    /** SENDING rows (left by a version before V11) found by a resume: their fate is unknown. */
    int markInDoubt(@Param("batchId") long batchId);

    /** A person's decision (R__decisions.sql, which checks 390 for {@code login} and records it): the rows in doubt are sent again. */
    int requeueInDoubt(@Param("login") String login, @Param("batchId") long batchId);

    /** A person's decision: the rows in doubt were delivered; the batch is done when nothing is queued. */
    int markInDoubtSent(@Param("login") String login, @Param("batchId") long batchId);

    /** A person's decision: the failed rows (permanent ones only when asked) are queued again, and the batch with them. */
    int retryFailed(@Param("login") String login, @Param("batchId") long batchId, @Param("includePermanent") boolean includePermanent);

    long countStatus(@Param("batchId") long batchId, @Param("status") InvitationStatus status);

    /** Milliseconds until the batch's next queued row is due, by the database's clock (negative: due now); null when none is queued. */
    Long msUntilDue(@Param("batchId") long batchId);

    long countPermanentFailures(@Param("batchId") long batchId);


    /** The portal's redemption of a token (R__portal.sql): accepted, used, expired, superseded, withdrawn or unknown. */
    String accept(@Param("token") String token);

    /** What accept would answer, changing nothing ('open' when it would accept). */
    String linkState(@Param("token") String token);

    /** Withdraws the address's delivered invitations; how many. */
    int withdraw(@Param("email") String email, @Param("by") String by);
}

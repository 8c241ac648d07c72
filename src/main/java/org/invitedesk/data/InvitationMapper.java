package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.Recipient;

import java.time.OffsetDateTime;
import java.util.List;

/** The send engine's row transitions. Every one is a single statement. */
public interface InvitationMapper {
    /** QUEUED → CLAIMED for up to {@code limit} due rows, skipping rows another worker holds. */
    List<Recipient> claim(@Param("batchId") long batchId, @Param("limit") int limit);

    /**
     * In one statement: finish the previous row ({@code doneId}: SENDING → SENT / FAILED / QUEUED for a
     * retry) and hand the next one to SMTP ({@code nextId}: CLAIMED → SENDING with its token's hash).
     */
    int advance(@Param("doneId") Long doneId, @Param("doneStatus") String doneStatus, @Param("doneAt") OffsetDateTime doneAt,
                @Param("doneError") String doneError, @Param("retryAt") OffsetDateTime retryAt,
                @Param("nextId") Long nextId, @Param("nextTokenHash") String nextTokenHash);

    /** CLAIMED rows were never handed to SMTP: back to QUEUED. */
    int releaseClaimed(@Param("batchId") long batchId);

    /** SENDING rows found by a resume: their fate is unknown. */
    int markInDoubt(@Param("batchId") long batchId);

    int requeueInDoubt(@Param("batchId") long batchId);

    int markInDoubtSent(@Param("batchId") long batchId);

    int retryFailed(@Param("batchId") long batchId, @Param("includePermanent") boolean includePermanent);

    long countStatus(@Param("batchId") long batchId, @Param("status") String status);

    OffsetDateTime nextDue(@Param("batchId") long batchId);

    String tokenHashFor(@Param("email") String email);
}

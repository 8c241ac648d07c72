package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchState;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.InputField;
import org.invitedesk.service.PermissionService;

/** What a person decides about a batch after a fault: rows in doubt sent again or taken as sent, failed rows retried. */
public class BatchDecisions {
    private final Db db;
    private final PermissionService permissions;
    private final Batches batches;

    @Inject
    public BatchDecisions(Db db, PermissionService permissions, Batches batches) {
        this.db = db;
        this.permissions = permissions;
        this.batches = batches;
    }

    /** Rows in doubt: the user decided to send them again. They wait in the queue for a resume. */
    public int resendInDoubt(long batchId, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return BatchLock.holding(db, batchId, () -> settledThen(batchId, s -> {
            return s.getMapper(InvitationMapper.class).requeueInDoubt(login, batchId);
        }));
    }

    /** Rows in doubt: the user decided they were delivered. The batch is done when nothing else is left. */
    public int markInDoubtSent(long batchId, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return BatchLock.holding(db, batchId, () -> settledThen(batchId, s -> {
            return s.getMapper(InvitationMapper.class).markInDoubtSent(login, batchId);
        }));
    }

    /**
     * Pauses a batch (a scheduled or waiting one too). Runs of it, in any process, stop after
     * their messages in flight (they look for the request about once a second) and the last one
     * records the pause; one nobody runs is marked paused at once. No sender service takes up a
     * batch while a pause is asked for.
     * @return what happened, in one sentence
     */
    public String pause(long batchId, String login) {
        permissions.requireSend(login);
        Batch b = batches.batch(batchId);
        if (b.state() == BatchState.DONE) {
            throw new BadInputException(InputField.BATCH, "Batch " + batchId + " is finished; there is nothing to pause.");
        }
        db.tx(s -> s.getMapper(BatchMapper.class).requestPause(batchId, login));
        try {
            BatchLock.holding(db, batchId, () -> settledThen(batchId, s -> {
                s.getMapper(BatchMapper.class).setStatus(batchId, BatchStatus.PAUSED, "Paused by " + login + ".");
                s.getMapper(BatchMapper.class).clearPauseRequest(batchId);
                return null;
            }));
            return "Batch " + batchId + " is paused.";
        } catch (BadInputException running) {
            return "Batch " + batchId + " is being sent right now; it stops after the messages in flight.";
        }
    }

    /** With the batch locked exclusively (no run of it is alive): settles what dead runs left, then decides in one transaction. */
    private <R> R settledThen(long batchId, java.util.function.Function<org.apache.ibatis.session.SqlSession, R> decision) {
        Settlement.settleDead(db, batchId);
        return db.tx(s -> {
            Settlement.settleLegacy(s.getMapper(InvitationMapper.class), batchId);
            return decision.apply(s);
        });
    }

    /**
     * A person's resume when a sender service is alive: a paused, scheduled or waiting batch goes
     * back to the queue, for the service to take up now. A batch being sent stays as it is.
     */
    public void requeue(long batchId, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        db.tx(s -> s.getMapper(BatchMapper.class).resume(batchId, login));
    }

    /** Failed rows that a plain retry leaves alone: 5xx replies and rejected addresses. */
    public long permanentFailures(long batchId) {
        return db.read(InvitationMapper.class, m -> m.countPermanentFailures(batchId));
    }

    /** Re-queues the failed rows of a batch; permanent failures (5xx) only when asked. */
    public int retryFailed(long batchId, boolean includePermanent, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return db.tx(s -> s.getMapper(InvitationMapper.class).retryFailed(login, batchId, includePermanent));
    }
}

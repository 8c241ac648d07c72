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
import org.invitedesk.domain.InvitationStatus;
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
        return BatchLock.holding(db, batchId, () -> db.tx(s -> {
            Settlement.settle(s.getMapper(InvitationMapper.class), batchId);
            int n = s.getMapper(InvitationMapper.class).requeueInDoubt(batchId);
            if (n > 0) s.getMapper(BatchMapper.class).setStatus(batchId, BatchStatus.PAUSED,
                    n + " invitation(s) that were in doubt wait to be sent again: resume the batch.");
            return n;
        }));
    }

    /** Rows in doubt: the user decided they were delivered. The batch is done when nothing else is left. */
    public int markInDoubtSent(long batchId, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return BatchLock.holding(db, batchId, () -> db.tx(s -> {
            InvitationMapper im = s.getMapper(InvitationMapper.class);
            Settlement.settle(im, batchId);
            int n = im.markInDoubtSent(batchId);
            BatchMapper bm = s.getMapper(BatchMapper.class);
            bm.refreshTotals(batchId);
            if (im.countStatus(batchId, InvitationStatus.QUEUED) == 0) bm.setStatus(batchId, BatchStatus.DONE, null);
            return n;
        }));
    }

    /**
     * Pauses a batch. One that another process is sending stops after its messages in flight
     * (it looks for the request about once a second); one nobody runs is marked paused at once.
     * @return what happened, in one sentence
     */
    public String pause(long batchId, String login) {
        permissions.requireSend(login);
        Batch b = batches.batch(batchId);
        if (b.state() == BatchState.DONE) {
            throw new BadInputException(InputField.BATCH, "Batch " + batchId + " is finished; there is nothing to pause.");
        }
        if (b.state() == BatchState.RUNNING) {
            db.tx(s -> s.getMapper(BatchMapper.class).requestPause(batchId, login));
            return "Batch " + batchId + " is being sent right now; it stops after the messages in flight.";
        }
        BatchLock.holding(db, batchId, () -> db.tx(s -> {
            Settlement.settle(s.getMapper(InvitationMapper.class), batchId);
            s.getMapper(BatchMapper.class).setStatus(batchId, BatchStatus.PAUSED, "Paused by " + login + ".");
            return null;
        }));
        return "Batch " + batchId + " is paused.";
    }

    /** Failed rows that a plain retry leaves alone: 5xx replies and rejected addresses. */
    public long permanentFailures(long batchId) {
        return db.read(InvitationMapper.class, m -> m.countPermanentFailures(batchId));
    }

    /** Re-queues the failed rows of a batch; permanent failures (5xx) only when asked. */
    public int retryFailed(long batchId, boolean includePermanent, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return db.tx(s -> {
            int n = s.getMapper(InvitationMapper.class).retryFailed(batchId, includePermanent);
            s.getMapper(BatchMapper.class).refreshTotals(batchId);
            if (n > 0) s.getMapper(BatchMapper.class).setStatus(batchId, BatchStatus.QUEUED, null);
            return n;
        });
    }
}

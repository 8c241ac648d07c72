package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.BatchStatus;
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
            return s.getMapper(InvitationMapper.class).requeueInDoubt(batchId);
        }));
    }

    /** Rows in doubt: the user decided they were delivered. */
    public int markInDoubtSent(long batchId, String login) {
        permissions.requireSend(login);
        batches.batch(batchId);
        return BatchLock.holding(db, batchId, () -> db.tx(s -> {
            Settlement.settle(s.getMapper(InvitationMapper.class), batchId);
            return s.getMapper(InvitationMapper.class).markInDoubtSent(batchId);
        }));
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

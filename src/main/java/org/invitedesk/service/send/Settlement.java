package org.invitedesk.service.send;

import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.data.LockKeys;
import org.invitedesk.data.RunnerMapper;

import java.util.List;

/**
 * What a runner left behind, made definite: at its own end, or by anyone who finds it dead (its
 * session lock is free). What its slots say the server accepted is SENT, what they were handing is
 * IN_DOUBT, and what it still holds CLAIMED was never handed to SMTP, so it goes back to QUEUED.
 * The runner's row is locked first: a claim in its name (which holds that row FOR SHARE) has
 * either committed, and is released here, or finds the runner gone and claims nothing.
 */
final class Settlement {
    private Settlement() { }

    /** Settles one runner in the caller's transaction; the caller owns it or found it dead. */
    static void settleRunner(SqlSession s, long runnerId, long batchId) {
        s.getMapper(InvitationMapper.class).settleRunner(runnerId, batchId);
    }

    /**
     * Settles every dead runner of a batch (of every batch when {@code batchId} is null), one
     * transaction each. @return how many were dead
     */
    static int settleDead(Db db, Long batchId) {
        List<Long> ids = db.read(RunnerMapper.class, m -> m.ids(batchId));
        int dead = 0;
        for (long id : ids) {
            Boolean settled = db.tx(s -> {
                // the batch row first, as a run's end does: "am I the last runner?" never meets a settlement half-way
                Long batch = s.getMapper(RunnerMapper.class).batchOf(id);
                if (batch != null) s.getMapper(org.invitedesk.data.BatchMapper.class).lockStatus(batch);
                return settleIfDead(s, id);
            });
            if (Boolean.TRUE.equals(settled)) dead++;
        }
        return dead;
    }

    /** In the caller's transaction: settles the runner when its lock is free. */
    static boolean settleIfDead(SqlSession s, long runnerId) {
        RunnerMapper rm = s.getMapper(RunnerMapper.class);
        if (!rm.tryXactLock(LockKeys.runner(runnerId))) return false;
        Long batch = rm.batchOf(runnerId);
        if (batch == null) rm.deleteIdle(runnerId);
        else settleRunner(s, runnerId, batch);
        return true;
    }

    /** SENDING rows left by a version before V11 (only a decision, with the batch locked exclusively, meets them). */
    static void settleLegacy(InvitationMapper im, long batchId) {
        im.markInDoubt(batchId);
    }
}

package org.invitedesk.service.send;

import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.LockKeys;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.UnavailableException;

import java.util.function.Supplier;

/**
 * A batch's run lock: a PostgreSQL session advisory lock held on its own connection while a run
 * of the batch (or a decision about it) goes on, so two processes on any machines never run one
 * batch at once, and a process that dies lets go with its connection.
 */
final class BatchLock {
    private BatchLock() { }

    static <R> R holding(Db db, long batchId, Supplier<R> work) {
        long key = LockKeys.batchRun(batchId);
        try (SqlSession session = db.openWorker()) {
            if (!tryLock(session, key, batchId)) {
                throw new BadInputException(InputField.BATCH,
                        "Batch " + batchId + " is being sent by another Invite Desk right now; wait for it to finish.");
            }
            try {
                return work.get();
            } finally {
                unlock(session, key);
            }
        }
    }

    private static boolean tryLock(SqlSession session, long key, long batchId) {
        try {
            return session.getMapper(BatchMapper.class).tryRunLock(key);
        } catch (RuntimeException e) {
            throw new UnavailableException("Database unreachable while sending batch " + batchId + ": " + Failures.reason(e)
                    + ". Nothing was lost: resume the batch when the database is back.", e);
        }
    }

    private static void unlock(SqlSession session, long key) {
        try {
            session.getMapper(BatchMapper.class).runUnlock(key);
        } catch (RuntimeException ignored) {
            // the lock ends with the connection anyway
        }
    }
}

package org.invitedesk.service.send;

import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Db;
import org.invitedesk.data.LockKeys;
import org.invitedesk.data.RunnerMapper;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.UnavailableException;

import java.net.InetAddress;

/**
 * One live participant in sending, as the database sees it (a {@code send_runner} row): a run of
 * a batch in a window, a command or a sender service, or a sender service between batches. It
 * holds its session lock ({@link LockKeys#runner}) on its own connection, which also carries the
 * shared lock of the batch it runs, and writes a heartbeat every 5 s. When its process dies, its
 * connection (and so its locks) goes with it, which is how the others know to settle its work.
 */
final class Runner implements AutoCloseable {
    static final long HEARTBEAT_MS = 5_000;

    final long id;
    final RunnerKind kind;
    private final SqlSession session;
    private final RunnerMapper m;
    private final Thread heartbeat;
    private volatile boolean lost;
    private volatile boolean closed;
    private Long sharedBatch;

    private Runner(SqlSession session, long id, RunnerKind kind) {
        this.session = session;
        this.m = session.getMapper(RunnerMapper.class);
        this.id = id;
        this.kind = kind;
        this.heartbeat = new Thread(this::beat, "runner-" + id);
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    static Runner start(Db db, RunnerKind kind, String login) {
        SqlSession session = db.openWorker();
        try {
            RunnerMapper m = session.getMapper(RunnerMapper.class);
            m.keepalives();
            long id = m.register(kind.name(), host(), ProcessHandle.current().pid(), login);
            return new Runner(session, id, kind);
        } catch (RuntimeException e) {
            session.close();
            throw new UnavailableException("Database unreachable: " + Failures.inWords(Failures.reason(e))
                    + ". Nothing was lost: try again when it is back.", e);
        }
    }

    /** Takes the batch's shared lock (every run of it holds one; a decision needs it exclusively); waits up to 5 s for a decision to end. */
    synchronized boolean shareBatch(long batchId) throws InterruptedException {
        for (int i = 0; i < 25; i++) {
            if (m.trySharedLock(LockKeys.batchRun(batchId))) {
                sharedBatch = batchId;
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The database lost this runner (its connection broke, or another took it for dead): stop after the messages in flight. */
    boolean lost() { return lost; }

    private void beat() {
        while (!closed) {
            try {
                Thread.sleep(HEARTBEAT_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) return;
            try {
                synchronized (this) {
                    if (!closed && m.heartbeat(id) == 0) lost = true;
                }
            } catch (RuntimeException e) {
                lost = true;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.interrupt();
        synchronized (this) {
            try {
                m.deleteIdle(id);
                if (sharedBatch != null) m.sharedUnlock(LockKeys.batchRun(sharedBatch));
                m.unlock(LockKeys.runner(id));
            } catch (RuntimeException ignored) {
                // the locks end with the connection anyway
            } finally {
                session.close();
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}

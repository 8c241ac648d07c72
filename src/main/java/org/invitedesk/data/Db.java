package org.invitedesk.data;

import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.util.function.Function;

/**
 * The one way services talk to MyBatis: a session per call, closed at the end; never a
 * session kept in a field. {@link #read} autocommits; {@link #tx} commits at the end or
 * rolls back on an exception.
 */
public final class Db {
    private final SqlSessionFactory factory;

    public Db(SqlSessionFactory factory) { this.factory = factory; }

    public <M, R> R read(Class<M> mapper, Function<M, R> work) {
        try (SqlSession s = factory.openSession(true)) {
            return work.apply(s.getMapper(mapper));
        }
    }

    /**
     * Forced commit and rollback: MyBatis commits or rolls back only a session an insert, update or
     * delete made dirty, and the writes here are often selects of the database's functions
     * (closing would then commit through pgjdbc's autocommit reset, even after an exception).
     */
    public <R> R tx(Function<SqlSession, R> work) {
        try (SqlSession s = factory.openSession(ExecutorType.SIMPLE, false)) {
            R r;
            try {
                r = work.apply(s);
            } catch (RuntimeException | Error e) {
                try {
                    s.rollback(true);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            s.commit(true);
            return r;
        }
    }

    /** A session the caller closes; for cursors that stream (autocommit off so pgjdbc honours fetch size). */
    public SqlSession openStreaming() { return factory.openSession(false); }

    /**
     * A session one send worker keeps for its whole run: autocommit (each statement is its own
     * durable transaction) and prepared statements reused, so marking a row costs one round trip.
     */
    public SqlSession openWorker() { return factory.openSession(ExecutorType.REUSE, true); }

}

package org.invitedesk.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.UnavailableException;

import java.io.Closeable;
import java.net.URI;
import java.util.List;

/**
 * The pool, the schema and MyBatis for one PostgreSQL database. Opening it fails fast with a
 * message that names host and port (never the password) when the server cannot be reached.
 */
public final class Database implements Closeable {

    public static final List<Class<?>> MAPPERS = List.of(
            LookupMapper.class, RecipientMapper.class, TemplateMapper.class,
            BatchMapper.class, InvitationMapper.class, UserMapper.class, SchemaMapper.class, DemoDataMapper.class, CheckMapper.class,
            RunnerMapper.class);

    private final HikariDataSource dataSource;
    private final Db db;
    private final String where;

    private Database(HikariDataSource dataSource, String where) {
        this.dataSource = dataSource;
        this.where = where;
        Configuration c = new Configuration(new Environment("invite-desk", new JdbcTransactionFactory(), dataSource));
        c.setMapUnderscoreToCamelCase(true);
        c.setDefaultStatementTimeout(300);
        c.setCallSettersOnNulls(true);
        for (Class<?> m : MAPPERS) c.addMapper(m);
        SqlSessionFactory factory = new SqlSessionFactoryBuilder().build(c);
        this.db = new Db(factory);
    }

    /** SQLSTATE class 28: the server answered, and refused who is signing in. */
    private static boolean signInState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) return sql.getSQLState().startsWith("28");
        }
        return false;
    }

    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, java.time.Duration.ofSeconds(10));
    }

    /** As {@link #open(String, String, String, int)}, waiting at most {@code waitForConnection} for a connection. */
    public static Database open(String url, String user, String password, int poolSize, java.time.Duration waitForConnection) {
        String where = hostAndPort(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(1);
        hc.setPoolName("invite-desk");
        hc.setConnectionTimeout(Math.max(250, waitForConnection.toMillis()));
        hc.setInitializationFailTimeout(1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("connectTimeout", "10");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "invite-desk");
        // No Memoize nodes: a details page probes a few accounts, addresses and open invitations by
        // key, and the planner sized each node's cache for the whole group (about 50 ms to set up,
        // per node, against under 1 ms for the page; performance.md)
        hc.addDataSourceProperty("options", "-c enable_memoize=off");
        try {
            return new Database(new HikariDataSource(hc), where);
        } catch (RuntimeException e) {
            if (signInState(e)) {
                throw new UnavailableException("The database at " + where + " refused the sign-in (" + Failures.reason(e)
                        + "). Check the login (db.user), or ask the database administrator to let it in.", e);
            }
            throw new UnavailableException("Database unreachable at " + where + " (" + Failures.reason(e)
                    + "). Check that the server runs and that the database settings (db.url, db.user, db.password) are right.", e);
        }
    }

    /**
     * Brings the schema up to date with the migration files ({@link SchemaFiles}). When the
     * database's fingerprint equals this build's files, Flyway is not loaded at all: its classpath
     * scan and validation took about a third of a second of every start.
     */
    public void migrate() {
        String fingerprint = SchemaFiles.fingerprint();
        if (fingerprint.equals(storedFingerprint())) return;
        try {
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:" + SchemaFiles.VERSIONED, "classpath:" + SchemaFiles.REPEATABLE)
                    .load().migrate();
            db.tx(s -> s.getMapper(SchemaMapper.class).storeFingerprint(fingerprint));
        } catch (RuntimeException e) {
            throw new UnavailableException(migrationProblem(e), e);
        }
    }

    private String migrationProblem(RuntimeException e) {
        String why = Failures.reason(e);
        if (why.contains("permission denied") || why.contains("must be owner")) {
            return "The database schema at " + where + " could not be brought up to date: " + why
                    + ". The database user needs the right to create tables and functions in the schema "
                    + "(GRANT CREATE ON SCHEMA public TO that user, or make it the schema's owner).";
        }
        return "The database schema at " + where + " could not be brought up to date: " + why
                + ". Details are in the log file.";
    }

    /** The fingerprint the last migration stored; null for a new or older database. */
    private String storedFingerprint() {
        try {
            return db.read(SchemaMapper.class, SchemaMapper::fingerprint);
        } catch (RuntimeException e) {
            return null; // no table yet: Flyway creates or upgrades the schema
        }
    }

    public Db db() { return db; }

    /** The pool, for tests and tools that run plain SQL; the app itself goes through mappers. */
    public javax.sql.DataSource dataSource() { return dataSource; }

    public String where() { return where; }

    @Override
    public void close() { dataSource.close(); }

    /** host:port from a JDBC URL, for messages; never the user or password. */
    public static String hostAndPort(String jdbcUrl) {
        try {
            URI u = URI.create(jdbcUrl.substring(jdbcUrl.indexOf(':') + 1));
            String host = u.getHost() == null ? "localhost" : u.getHost();
            int port = u.getPort() < 0 ? 5432 : u.getPort();
            return host + ":" + port;
        } catch (RuntimeException e) {
            return "(unparsable URL)";
        }
    }

}

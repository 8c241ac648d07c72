package org.invitedesk.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.invitedesk.domain.UnavailableException;

import java.io.Closeable;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;

/**
 * The pool, the schema and MyBatis for one PostgreSQL database. Opening it fails fast with a
 * message that names host and port (never the password) when the server cannot be reached.
 */
public final class Database implements Closeable {

    public static final List<Class<?>> MAPPERS = List.of(
            LookupMapper.class, RecipientMapper.class, TemplateMapper.class,
            BatchMapper.class, InvitationMapper.class, UserMapper.class);

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
        hc.addDataSourceProperty("ApplicationName", "invite-desk");
        try {
            return new Database(new HikariDataSource(hc), where);
        } catch (RuntimeException e) {
            throw new UnavailableException("Database unreachable at " + where + " (" + reason(e)
                    + "). Check that the server runs and that --db-url, --db-user and --db-password are right.");
        }
    }

    /** The newest migration in {@code db/migration}; {@code MigrationTest} checks it against the files. */
    public static final String SCHEMA_VERSION = "12";

    /**
     * Brings the schema up to date with the migrations in {@code db/migration}. When the
     * database already holds the newest one, Flyway is not loaded at all: its classpath scan and
     * validation took about a third of a second of every start.
     */
    public void migrate() {
        if (schemaIsCurrent()) return;
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            throw new UnavailableException("The database schema at " + where + " could not be brought up to date: "
                    + reason(e) + ". Check that the user may create tables, or use a fresh database.", e);
        }
    }

    private boolean schemaIsCurrent() {
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE version = ? AND success), "
                     + "count(*) FILTER (WHERE NOT success) FROM flyway_schema_history")) {
            ps.setString(1, SCHEMA_VERSION);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1 && rs.getLong(2) == 0;
            }
        } catch (java.sql.SQLException e) {
            return false; // no history yet (a new database): Flyway creates it
        }
    }

    public Db db() { return db; }

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

    /** The innermost useful reason of a failure, with anything that looks like a password removed. */
    /**
     * One sentence for a database failure, by its SQLState: what happened and what to do.
     * Never a password, never a stack trace.
     */
    public static String explain(Throwable e) {
        String state = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
                break;
            }
        }
        String why = reason(e);
        if ("42501".equals(state)) {
            return "The database refused: " + why + ". The database user Invite Desk signs in with needs more rights; "
                    + "ask the database administrator (README, \"Configuration\"). Nothing was changed.";
        }
        if ("25006".equals(state)) {
            return "The database is read-only right now (" + why + "). Nothing was changed; try again when it accepts changes.";
        }
        if (state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return "Database unreachable: " + why + ". Check the connection; nothing was lost.";
        }
        return "The database refused the request: " + why + ". Nothing was changed; details are in the log file.";
    }

    public static String reason(Throwable e) {
        Throwable t = e;
        String msg = null;
        while (t != null) {
            if (t instanceof SQLException || t instanceof java.net.ConnectException || t.getCause() == null) {
                if (t.getMessage() != null) msg = t.getMessage();
            }
            if (t instanceof java.net.ConnectException) break;
            t = t.getCause();
        }
        if (msg == null) msg = e.getClass().getSimpleName();
        msg = msg.replaceAll("(?i)password=[^&\\s]*", "password=****");
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}

package org.invitedesk.app;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.RuntimeInfo;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The parts the app starts and stops itself: the database (configured, or the embedded default)
 * with its schema brought up to date, and the SMTP settings (configured, or the local sink that
 * keeps .eml files in the outbox). Everything else comes from the injector ({@link AppModule}).
 */
public final class Infrastructure implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    /**
     * A send holds one database connection per SMTP connection (up to 32), one for the marks and
     * one for the batch's lock, and the window keeps counting meanwhile. The pool opens
     * connections only when they are needed.
     */
    static final int POOL_SIZE = 40;

    private final AppConfig config;
    private final EmbeddedDatabase embedded;
    private final Database database;
    private final SmtpSink sink;
    private final MailSettings mail;

    private final List<IntSupplier> onSignal = new CopyOnWriteArrayList<>();
    private final Thread stopper = new Thread(this::stopOnSignal, "stop-on-signal");

    private Infrastructure(AppConfig config, EmbeddedDatabase embedded, Database database, SmtpSink sink, MailSettings mail) {
        this.config = config;
        this.embedded = embedded;
        this.database = database;
        this.sink = sink;
        this.mail = mail;
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    /**
     * Work to finish when the process is asked to stop (SIGTERM, Ctrl-C, the desktop session
     * ending) before the database and the SMTP sink are closed: a send settles its batch. Each
     * returns the exit code it wants (the highest wins, -1 for none). Returns what takes it back.
     */
    public Runnable onSignal(IntSupplier work) {
        onSignal.add(work);
        return () -> onSignal.remove(work);
    }

    private void stopOnSignal() {
        int code = -1;
        for (IntSupplier w : onSignal) {
            try {
                code = Math.max(code, w.getAsInt());
            } catch (RuntimeException e) {
                LOG.warn("Stopping: {}", e.getMessage());
            }
        }
        closeQuietly(database, embedded, sink);
        if (code >= 0) Runtime.getRuntime().halt(code);
    }

    public static Infrastructure start(AppConfig config) {
        EmbeddedDatabase embedded = null;
        Database db = null;
        SmtpSink sink = null;
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedDatabase.start(config.dataDir(), config.resetDemo());
                db = Database.open(embedded.jdbcUrl(), "postgres", null, POOL_SIZE);
            } else {
                db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), POOL_SIZE);
            }
            long t0 = System.nanoTime();
            db.migrate();
            LOG.info("Schema checked in {} ms", (System.nanoTime() - t0) / 1_000_000);
            MailSettings mail;
            if (config.localSmtpSink()) {
                sink = new SmtpSink(0, config.outboxDir(), false);
                mail = new MailSettings("127.0.0.1", sink.port(), MailSettings.Security.NONE, null, null,
                        config.smtpConnections(), config.smtpRate(), 10_000, 30_000, config.smtpDailyLimit());
                LOG.info("Local SMTP sink on port {} keeps messages in {}", sink.port(), config.outboxDir());
            } else {
                mail = new MailSettings(config.smtpHost(), config.smtpPort(), MailSettings.Security.valueOf(config.smtpSecurity().name()),
                        config.smtpUser(), config.smtpPassword(), config.smtpConnections(), config.smtpRate(), 10_000, 30_000,
                        config.smtpDailyLimit());
            }
            return new Infrastructure(config, embedded, db, sink, mail);
        } catch (IOException e) {
            closeQuietly(db, embedded, sink);
            throw new UnavailableException("The local SMTP sink could not start: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(db, embedded, sink);
            throw e;
        }
    }

    private static void closeQuietly(Database db, EmbeddedDatabase embedded, SmtpSink sink) {
        if (sink != null) sink.close();
        if (db != null) db.close();
        if (embedded != null) {
            try { embedded.close(); } catch (IOException ignored) { }
        }
    }

    public Database database() { return database; }

    public MailSettings mail() { return mail; }

    public boolean usesEmbeddedDatabase() { return embedded != null; }

    /**
     * Who is signed in. The embedded default: {@code demo}, or {@code --user}. A configured
     * database: the database login itself when it may not write Invite Desk's tables directly (a
     * person's own login, a member of the invite_desk_* roles), and then {@code --user} naming
     * anyone else is refused; a login that may write them directly (the schema's owner, or one
     * granted so) can act for anyone anyway, so it acts as {@code --user}, else the OS login.
     */
    public Login login() {
        if (embedded != null) return new Login(config.user() != null ? config.user() : "demo");
        org.invitedesk.domain.DatabaseLogin db = database.db().read(org.invitedesk.data.UserMapper.class,
                org.invitedesk.data.UserMapper::databaseLogin);
        if (!db.writesDirectly()) {
            if (config.user() != null && !config.user().equals(db.login())) {
                throw new org.invitedesk.domain.BadInputException("The user '" + config.user() + "' (--user, or user in the configuration) is not used: "
                        + "you are signed in to the database as '" + db.login() + "', and Invite Desk knows you by that login. "
                        + "Leave --user out, or sign in with that person's own database login (db.user).");
            }
            return new Login(db.login());
        }
        return new Login(config.user() != null ? config.user() : System.getProperty("user.name", "unknown"));
    }

    /** Where things are, for Help → About. Never a password. */
    public RuntimeInfo info() {
        return new RuntimeInfo(
                embedded != null ? "embedded demo database in " + config.dataDir().resolve("pgdata") : "PostgreSQL at " + database.where(),
                sink != null ? "local sink, messages saved in " + config.outboxDir() : mail.where(),
                config.dataDir(), config.configFile(), config.logFile());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook closes everything
        }
        closeQuietly(database, embedded, sink);
    }
}

package org.invitedesk.app;

import org.invitedesk.data.Database;
import org.invitedesk.data.LookupMapper;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.service.DemoDataService;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.SendService;
import org.invitedesk.service.TemplateService;
import org.invitedesk.template.TemplateRenderer;
import org.invitedesk.template.VelocityTemplateRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;

/**
 * Everything behind the window and the commands: the database (configured, or the embedded
 * default with demo data), the SMTP settings (configured, or the local sink that keeps .eml
 * files in the outbox) and the services.
 */
public final class Backend implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

    private final AppConfig config;
    private final EmbeddedDatabase embedded;
    private final Database database;
    private final SmtpSink sink;
    private final MailSettings mail;
    private final InviteService invites;
    private final PermissionService permissions;
    private final SendService sends;
    private final TemplateService templates;
    private final DemoDataService demoData;
    private final TemplateRenderer renderer;
    private final String user;

    private Backend(AppConfig config, EmbeddedDatabase embedded, Database database, SmtpSink sink, MailSettings mail, Clock clock) {
        this.config = config;
        this.embedded = embedded;
        this.database = database;
        this.sink = sink;
        this.mail = mail;
        this.renderer = new VelocityTemplateRenderer();
        this.invites = new InviteService(database.db(), clock);
        this.permissions = new PermissionService(database.db());
        this.sends = new SendService(database, invites, permissions, renderer, mail, clock, config.expiryDays());
        this.templates = new TemplateService(database.db(), invites, permissions, renderer, clock, config.expiryDays());
        this.demoData = new DemoDataService(database);
        this.user = config.user() != null ? config.user() : (embedded != null ? "demo" : System.getProperty("user.name", "unknown"));
    }

    /**
     * @param seedDemo load demo data into an empty embedded database (the commands pass false
     *                 only for {@code demo-data}, which loads its own)
     */
    /**
     * A send holds one database connection per SMTP connection (up to 32), one for the marks and
     * one for the batch's lock, and the window keeps counting meanwhile. The pool opens
     * connections only when they are needed.
     */
    static final int POOL_SIZE = 40;

    public static Backend start(AppConfig config, boolean seedDemo) {
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
            if (embedded != null && seedDemo) {
                long accounts = db.db().read(LookupMapper.class, LookupMapper::accountCount);
                if (accounts == 0) new DemoDataService(db).load(config.demoAccounts(), 42);
            }
            MailSettings mail;
            if (config.localSmtpSink()) {
                sink = new SmtpSink(0, config.outboxDir(), false);
                mail = new MailSettings("127.0.0.1", sink.port(), MailSettings.Security.NONE, null, null,
                        config.smtpConnections(), config.smtpRate(), 10_000, 30_000);
                LOG.info("Local SMTP sink on port {} keeps messages in {}", sink.port(), config.outboxDir());
            } else {
                mail = new MailSettings(config.smtpHost(), config.smtpPort(), MailSettings.Security.valueOf(config.smtpSecurity().name()),
                        config.smtpUser(), config.smtpPassword(), config.smtpConnections(), config.smtpRate(), 10_000, 30_000);
            }
            return new Backend(config, embedded, db, sink, mail, Clock.systemDefaultZone());
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

    public AppConfig config() { return config; }
    public Database database() { return database; }
    public InviteService invites() { return invites; }
    public PermissionService permissions() { return permissions; }
    public SendService sends() { return sends; }
    public DemoDataService demoData() { return demoData; }
    public TemplateService templates() { return templates; }
    public TemplateRenderer renderer() { return renderer; }
    public MailSettings mail() { return mail; }
    public String user() { return user; }
    public boolean usesLocalSink() { return sink != null; }
    public boolean usesEmbeddedDatabase() { return embedded != null; }

    @Override
    public void close() { closeQuietly(database, embedded, sink); }
}

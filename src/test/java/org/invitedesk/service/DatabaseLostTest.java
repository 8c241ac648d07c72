package org.invitedesk.service;

import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The database goes away in the middle of a send (every connection killed, new ones refused):
 * the send stops with one clear message, nothing is marked wrongly, and when the database is
 * back a resume delivers the rest, each address once.
 */
class DatabaseLostTest {
    static final int CONTACTS = 400;

    String name;
    Database db;
    SmtpSink sink;

    @BeforeEach
    void setUp() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        db = Database.open(url, "postgres", null, 8, java.time.Duration.ofSeconds(1));
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, CONTACTS);
        sink = new SmtpSink(0, null, true);
    }

    @AfterEach
    void tearDown() {
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        sink.close();
        db.close();
    }

    void admin(String... sql) {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitPoolReconnected() {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TestPostgres.queryLong(db, "SELECT 1");
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > end) throw e;
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aSendStopsCleanlyWhenTheDatabaseGoesAwayAndResumesLater() {
        Services s = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        assertThat(q.queued()).isEqualTo(CONTACTS + 2);
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onData(String recipient, long n) {
                if (n >= 60 && cut.compareAndSet(false, true)) { // ">=": parallel connections can skip a number
                    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                }
                return null;
            }
        });

        Throwable stopped = catchThrowable(() -> s.runner.run(q.batchId(), "demo", SendOptions.defaults(), SendListener.NONE, new AtomicBoolean()));
        assertThat(stopped).isInstanceOf(UnavailableException.class);
        assertThat(stopped.getMessage()).contains("Nothing was lost").contains("resume").doesNotContain("\n").doesNotContain("Exception");
        int receivedWhileDown = sink.received().size();
        // it stopped soon after the cut (in-flight claims end at their next database write), not at the end
        assertThat(receivedWhileDown).isBetween(59, (int) q.queued() - 100);

        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        awaitPoolReconnected(); // the pool waits only 1 s for a connection here, and may be backing off after the failures
        sink.behaviour(new SmtpSink.Behaviour() { });
        SendSummary resumed = s.runner.run(q.batchId(), "demo", SendOptions.defaults(), SendListener.NONE, new AtomicBoolean());

        Map<String, Integer> perAddress = new HashMap<>();
        sink.received().forEach(r -> perAddress.merge(r.recipient().toLowerCase(), 1, Integer::sum));
        assertThat(perAddress.values()).as("no address received twice").allMatch(n -> n == 1);
        assertThat(resumed.sent() + resumed.inDoubt()).isEqualTo(q.queued());
        assertThat(resumed.failed()).isZero();
        assertThat(resumed.inDoubt()).as("only rows handed to SMTP when the database went away").isLessThanOrEqualTo(4);
        assertThat((long) perAddress.size()).isBetween(resumed.sent(), resumed.sent() + resumed.inDoubt());
    }
}

package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash the issue asks for: a separate JVM sending a batch is killed with
 * {@code destroyForcibly} (SIGKILL, no shutdown hooks) half-way; a second JVM resumes it. The SMTP
 * server (in this JVM) must have received every queued address exactly once, except the rows in
 * doubt, which are at most the pool size, reported, and never re-sent on their own.
 */
class CrashResumeTest {
    static final int CONTACTS = 400;
    static final int POOL = 4;

    Database db;
    String url;
    SmtpSink sink;
    Path dataDir;

    @BeforeEach
    void setUp() throws Exception {
        url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 4);
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, CONTACTS);
        sink = new SmtpSink(0, null, true);
        // A server that takes a moment over each message, so the kill lands while messages are in flight.
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onData(String recipient, long n) {
                try { Thread.sleep(5); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                return null;
            }
        });
        dataDir = Files.createTempDirectory("invite-desk-crash");
    }

    @AfterEach
    void tearDown() {
        sink.close();
        db.close();
    }

    Process child(String... command) throws Exception {
        return new ProcessBuilder(org.invitedesk.support.ChildApp.command(url, dataDir, sink.port(), command)).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
    }

    @Test
    void aKilledSendResumedInANewJvmDeliversEveryAddressOnceAndReportsTheInDoubtRows() throws Exception {
        Process first = child("send", "--division", "D2", "--template", "Standard", "--from", "two@division.example",
                "--rate", "150", "--connections", String.valueOf(POOL));
        long deadline = System.currentTimeMillis() + 60_000;
        while (sink.received().size() < CONTACTS / 3 && first.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(first.isAlive()).as("the first JVM is still sending when it is killed").isTrue();
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int beforeResume = sink.received().size();
        assertThat(beforeResume).isBetween(CONTACTS / 3, CONTACTS - 1);

        long batchId = TestPostgres.queryLong(db, "SELECT max(id) FROM invitation_batch");
        long queued = TestPostgres.queryLong(db, "SELECT queued FROM invitation_batch WHERE id = " + batchId);
        assertThat(queued).isEqualTo(CONTACTS + 2); // the bulk addresses, ann@x.com and other@x.com

        Process second = child("resume", String.valueOf(batchId));
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("resume finishes").isTrue();
        long inDoubtNow = TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + batchId + " AND status = 'IN_DOUBT'");
        assertThat(second.exitValue()).as("exit 1 while rows in doubt wait for a decision").isEqualTo(inDoubtNow > 0 ? 1 : 0);

        Map<String, Integer> perAddress = new HashMap<>();
        sink.received().forEach(r -> perAddress.merge(r.recipient().toLowerCase(), 1, Integer::sum));
        assertThat(perAddress.values()).as("no address received twice").allMatch(n -> n == 1);

        long sent = TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + batchId + " AND status = 'SENT'");
        long inDoubt = TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + batchId + " AND status = 'IN_DOUBT'");
        long other = TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + batchId + " AND status NOT IN ('SENT', 'IN_DOUBT')");
        System.out.printf("crash test: received before kill %d, sent %d, in doubt %d%n", beforeResume, sent, inDoubt);
        assertThat(other).as("nothing left queued, claimed or failed").isZero();
        assertThat(sent + inDoubt).isEqualTo(queued);
        assertThat(inDoubt).as("at most one row per SMTP connection is in doubt").isLessThanOrEqualTo(POOL);
        assertThat(TestPostgres.queryLong(db, "SELECT in_doubt FROM invitation_batch WHERE id = " + batchId)).isEqualTo(inDoubt);

        // Every SENT row was received exactly once; an in-doubt row was received at most once.
        List<String> sentAddresses = new ArrayList<>();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT email_norm FROM invitation WHERE batch_id = " + batchId + " AND status = 'SENT'")) {
            while (rs.next()) sentAddresses.add(rs.getString(1));
        }
        assertThat(sentAddresses).allMatch(a -> perAddress.getOrDefault(a, 0) == 1);
        assertThat((long) perAddress.size()).isBetween(sent, sent + inDoubt);
    }
}

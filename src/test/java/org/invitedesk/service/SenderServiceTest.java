package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.ChildApp;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sender services ({@code serve}) in their own JVMs against one PostgreSQL started here, each
 * given its URL, sending to an SMTP server in this JVM that takes a moment over each message.
 */
class SenderServiceTest {
    static final int CONTACTS = 600;

    Database db;
    String url;
    SmtpSink sink;
    Path dataDir;
    Services s;
    final List<Process> children = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 4);
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, CONTACTS - 2);
        sink = new SmtpSink(0, null, true);
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onData(String recipient, long n) {
                try { Thread.sleep(15); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                return null;
            }
        });
        dataDir = Files.createTempDirectory("invite-desk-serve");
        s = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        sink.close();
        db.close();
    }

    Path serve(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--connections", "2"));
        args.addAll(List.of(extra));
        Path log = dataDir.resolve(name + ".log");
        // each its own data folder: a log folder of its own, as on its own machine
        Path data = Files.createDirectories(dataDir.resolve(name));
        children.add(new ProcessBuilder(ChildApp.command(url, data, sink.port(), args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        return log;
    }

    Process last() { return children.get(children.size() - 1); }

    long queue() {
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        assertThat(q.queued()).isEqualTo(CONTACTS);
        return q.batchId();
    }

    long q(String sql) { return TestPostgres.queryLong(db, sql); }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    Map<String, Integer> perAddress() {
        Map<String, Integer> m = new HashMap<>();
        sink.received().forEach(r -> m.merge(r.recipient().toLowerCase(), 1, Integer::sum));
        return m;
    }

    boolean settled(long batchId) {
        return q("SELECT count(*) FROM invitation WHERE batch_id = " + batchId + " AND status IN ('QUEUED','CLAIMED')") == 0
                && q("SELECT count(*) FROM send_runner WHERE batch_id = " + batchId) == 0;
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void twoServicesShareOneBatchAndEveryAddressGetsOneMessage() throws Exception {
        long b = queue();
        Path one = serve("one");
        Path two = serve("two");
        await("both services run the batch", 60, () -> q("SELECT count(*) FROM send_runner WHERE batch_id = " + b) == 2);
        await("the batch is done", 120, () -> settled(b) && q("SELECT count(*) FROM invitation_batch WHERE id = " + b + " AND status = 'DONE'") == 1);

        assertThat(perAddress()).hasSize(CONTACTS).allSatisfy((address, n) -> assertThat(n).as(address).isEqualTo(1));
        assertThat(q("SELECT count(*) FROM invitation WHERE batch_id = " + b + " AND status = 'SENT'")).isEqualTo(CONTACTS);
        assertThat(read(one)).contains("Batch " + b + ": sending.");
        assertThat(read(two)).contains("Batch " + b + ": sending.");

        // SIGTERM: a clean exit 0 with nothing left behind
        for (Process p : children) p.destroy();
        for (Process p : children) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(q("SELECT count(*) FROM send_runner")).isZero();
        assertThat(read(one)).contains("Sender service stopped.");
    }

    @Test
    void aServiceKilledMidBatchIsSettledByTheOtherWhichFinishesIt() throws Exception {
        long b = queue();
        serve("victim");
        Process victim = last();
        serve("survivor");
        await("both services run the batch", 60, () -> q("SELECT count(*) FROM send_runner WHERE batch_id = " + b) == 2);
        await("a third is sent", 60, () -> sink.received().size() >= CONTACTS / 3);
        long victimPid = victim.pid();
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no settling
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.currentTimeMillis();
        await("the dead runner is noticed and settled", 30,
                () -> q("SELECT count(*) FROM send_runner WHERE pid = " + victimPid) == 0);
        System.out.printf("dead runner settled %d ms after the kill%n", System.currentTimeMillis() - killedAt);
        await("the survivor finishes the batch", 120, () -> settled(b));

        long sent = q("SELECT count(*) FROM invitation WHERE batch_id = " + b + " AND status = 'SENT'");
        long inDoubt = q("SELECT count(*) FROM invitation WHERE batch_id = " + b + " AND status = 'IN_DOUBT'");
        assertThat(sent + inDoubt).as("nothing lost").isEqualTo(CONTACTS);
        assertThat(inDoubt).as("at most one in doubt per connection of the dead one").isLessThanOrEqualTo(2);
        Map<String, Integer> got = perAddress();
        assertThat(got.values()).as("nothing doubled").allMatch(n -> n == 1);
        assertThat((long) got.size()).isBetween(sent, sent + inDoubt);
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation_batch WHERE id = " + b))
                .isEqualTo(inDoubt > 0 ? "PAUSED" : "DONE");
    }

    @Test
    void sigtermFinishesTheMessagesInFlightLeavesNothingInDoubtAndAnotherServiceFinishes() throws Exception {
        long b = queue();
        Path log = serve("first");
        Process first = last();
        await("some are sent", 60, () -> sink.received().size() >= 50);
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(read(log)).isZero();

        assertThat(q("SELECT count(*) FROM invitation WHERE batch_id = " + b + " AND status IN ('IN_DOUBT','CLAIMED','SENDING')")).isZero();
        long sent = q("SELECT count(*) FROM invitation WHERE batch_id = " + b + " AND status = 'SENT'");
        assertThat(sent).isEqualTo(sink.received().size()).isLessThan(CONTACTS);
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation_batch WHERE id = " + b))
                .as("back in the queue for any runner").isEqualTo("QUEUED");
        assertThat(read(log)).contains("back in the queue");

        serve("second");
        await("the second service finishes it", 120, () -> settled(b));
        assertThat(perAddress()).hasSize(CONTACTS).allSatisfy((address, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aScheduledBatchDoesNotStartBeforeItsTime() throws Exception {
        OffsetDateTime at = OffsetDateTime.now().plusSeconds(8);
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo", at);
        assertThat(q.status().name()).isEqualTo("SCHEDULED");
        serve("scheduled");
        await("the service is up", 60, () -> q("SELECT count(*) FROM send_runner WHERE kind = 'SERVICE'") >= 1);
        while (OffsetDateTime.now().isBefore(at.minusNanos(300_000_000))) {
            assertThat(sink.received()).as("nothing before " + at).isEmpty();
            Thread.sleep(50);
        }
        await("sent after its time", 120, () -> settled(q.batchId()) && sink.received().size() == CONTACTS);
        assertThat(s.batches.batch(q.batchId()).status().name()).isEqualTo("DONE");
    }

    @Test
    void anUnreachableDatabaseIsRetriedOneLinePerAttemptUntilSigterm() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path log = dataDir.resolve("nodb.log");
        List<String> cmd = ChildApp.command("jdbc:postgresql://127.0.0.1:" + closedPort + "/nothing", Files.createDirectories(dataDir.resolve("nodb")),
                sink.port(), "serve");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(p);
        await("two attempts logged", 60, () -> read(log).split("Database unreachable \\(attempt", -1).length > 2);
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(read(log)).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

package org.invitedesk.cli;

import org.invitedesk.data.Database;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches from the command line, each command in its own JVM as on a server: a clean cancel on
 * SIGTERM, `pause` of a run in another process, and `batches` saying what each batch is doing.
 */
class BatchCommandsTest {
    static final int CONTACTS = 60;
    String url;
    Database db;
    SmtpSink sink;
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 4);
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, CONTACTS);
        sink = new SmtpSink(0, null, true);
        dir = Files.createTempDirectory("invite-desk-batches");
    }

    @AfterEach
    void tearDown() {
        sink.close();
        db.close();
    }

    Process child(String... command) throws Exception {
        return new ProcessBuilder(org.invitedesk.support.ChildApp.command(url, dir, sink.port(), command)).redirectOutput(dir.resolve("out-" + System.nanoTime()).toFile())
                .redirectError(dir.resolve("err-" + System.nanoTime()).toFile()).start();
    }


    /**
     * A send of 62 messages at one a second: a minute, time enough for another process to act on
     * it on a busy machine (each JVM here may take several seconds to start).
     */
    Process slowSend() throws Exception {
        Process p = child("send", "--division", "D2", "--template", "Standard", "--from", "two@division.example", "--rate", "1");
        long deadline = System.currentTimeMillis() + 60_000;
        while (sink.received().size() < 3 && p.isAlive() && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        assertThat(p.isAlive()).as("still sending").isTrue();
        return p;
    }

    static String read(Process p, Path dir, String prefix) throws Exception {
        try (var files = Files.list(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) b.append(Files.readString(f));
            return b.toString();
        }
    }

    @Test
    void sigtermCancelsCleanlyPrintsTheSummaryAndSaysHowToResume() throws Exception {
        Process send = slowSend();
        send.destroy(); // SIGTERM
        assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(send.exitValue()).isEqualTo(1);
        long batch = TestPostgres.queryLong(db, "SELECT max(id) FROM invitation_batch");
        assertThat(read(send, dir, "out-")).contains("{\"batchId\":" + batch + ",");
        assertThat(read(send, dir, "err-")).containsPattern("Cancelled; \\d+ still queued — resume " + batch);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE status IN ('CLAIMED', 'SENDING')")).isZero();
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation_batch WHERE id = " + batch)).isEqualTo("PAUSED");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + batch + " AND status = 'SENT'"))
                .as("the tally is the truth").isEqualTo(sink.received().size());
    }

    @Test
    void pauseStopsARunInAnotherProcessAndBatchesSaysWhoPausedIt() throws Exception {
        Process send = slowSend();
        long batch = TestPostgres.queryLong(db, "SELECT max(id) FROM invitation_batch");
        Process list = child("batches");
        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(read(list, dir, "out-")).contains("\"id\":" + batch + ",\"status\":\"RUNNING\"");
        Process pause = child("pause", String.valueOf(batch));
        assertThat(pause.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pause.exitValue()).isZero();
        assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(send.exitValue()).isEqualTo(1);
        assertThat(TestPostgres.queryString(db, "SELECT status_reason FROM invitation_batch WHERE id = " + batch)).isEqualTo("Paused by demo.");
        Files.list(dir).filter(f -> f.getFileName().toString().startsWith("out-")).forEach(f -> f.toFile().delete());
        Process again = child("batches");
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(read(again, dir, "out-")).contains("\"id\":" + batch + ",\"status\":\"PAUSED\",\"reason\":\"Paused by demo.\"");
    }

    /**
     * kill -9 mid-send: `batches` says INTERRUPTED and counts as sent what the rows and the
     * connections' slot rows say was accepted. Each connection may have one message the server
     * has but whose reply was not recorded: its slot row names it (handing), and the next run's
     * settling makes it "in doubt". So every delivered message is either counted or so named.
     */
    @Test
    void aBatchWhoseProcessDiedIsInterruptedAndCountedFromItsRows() throws Exception {
        Process send = slowSend();
        send.destroyForcibly(); // kill -9: no settling
        assertThat(send.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long batch = TestPostgres.queryLong(db, "SELECT max(id) FROM invitation_batch");
        Process list = child("batches");
        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String json = read(list, dir, "out-");
        assertThat(json).contains("\"id\":" + batch + ",\"status\":\"INTERRUPTED\"");
        long sent = Long.parseLong(json.replaceAll("(?s).*\"id\":" + batch + ",.*?\"sent\":(\\d+).*", "$1"));
        var delivered = sink.received().stream().map(SmtpSink.Received::recipient).toList();
        var counted = TestPostgres.queryStrings(db, "SELECT i.email FROM invitation i WHERE i.batch_id = " + batch
                + " AND (i.status = 'SENT' OR i.id IN (SELECT unnest(sent_ids) FROM send_slot))");
        var handing = TestPostgres.queryStrings(db, "SELECT i.email FROM invitation i JOIN send_slot s ON s.handing_id = i.id");
        long connections = TestPostgres.queryLong(db, "SELECT count(*) FROM send_slot");
        String state = "listed " + json + "; delivered " + delivered + "; counted " + counted + "; handing " + handing;
        assertThat(sent).as(state).isEqualTo(counted.size());
        assertThat(counted).as(state).isSubsetOf(delivered);
        assertThat(delivered).as(state).isSubsetOf(java.util.stream.Stream.concat(counted.stream(), handing.stream()).toList());
        assertThat(sent).as(state).isGreaterThanOrEqualTo(delivered.size() - connections).isLessThanOrEqualTo(delivered.size());
    }
}

package org.invitedesk.service;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SendOutcome;
import org.invitedesk.mail.SmtpConnection;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.RenderedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SMTP in trouble: a real SMTP server on loopback answering 4xx, 5xx, dropping, or gone. */
class SendFaultsTest {
    static final SendOptions FAST = SendOptions.defaults().withRetryBase(Duration.ofMillis(20)).withPauseAfter(8);

    Database db;
    SmtpSink sink;

    @BeforeEach
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        sink = new SmtpSink(0, null, true);
    }

    @AfterEach
    void tearDown() {
        sink.close();
        db.close();
    }

    /** The sink refuses other@x.com with a 550. */
    void rejectOther() {
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onRecipient(String a) { return a.startsWith("other") ? "550 5.1.1 No such user" : null; }
        });
    }

    Services services(int port) { return new Services(db, MailSettings.plain("127.0.0.1", port)); }

    SendSummary sendD2(Services s) {
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        return s.runner.run(q.batchId(), "demo", FAST, SendListener.NONE, new AtomicBoolean());
    }

    Map<String, Integer> perAddress() {
        Map<String, Integer> m = new HashMap<>();
        sink.received().forEach(r -> m.merge(r.recipient().toLowerCase(), 1, Integer::sum));
        return m;
    }

    @Test
    void aTransientReplyIsRetriedAndTheMessageArrivesOnce() {
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onData(String rcpt, long n) {
                return tries.computeIfAbsent(rcpt, k -> new AtomicInteger()).incrementAndGet() == 1 ? "451 4.3.0 Try again later" : null;
            }
        });
        SendSummary r = sendD2(services(sink.port()));
        assertThat(r.sent()).isEqualTo(2);
        assertThat(perAddress()).containsOnly(Map.entry("ann@x.com", 1), Map.entry("other@x.com", 1));
    }

    @Test
    void aPermanentReplyFailsThatRowWithTheReplyAndTheSendGoesOn() {
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onRecipient(String a) { return a.startsWith("other") ? "550 5.1.1 No such user here" : null; }
        });
        SendSummary r = sendD2(services(sink.port()));
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(TestPostgres.queryString(db, "SELECT last_error FROM invitation WHERE email_norm = 'other@x.com'"))
                .startsWith("rejected by 127.0.0.1 on ").contains("550 5.1.1").contains("No such user");
        assertThat(perAddress()).containsOnlyKeys("ann@x.com");
    }

    @Test
    void aConnectionDroppedMidBatchLeavesEveryRowAccountedFor() {
        Services.addBulkContacts(db, 40);
        AtomicInteger drops = new AtomicInteger();
        sink.behaviour(new SmtpSink.Behaviour() {
            // ">=": with 4 connections answering at once, the message number can skip 10
            @Override public String onData(String rcpt, long n) { return n >= 10 && drops.getAndIncrement() == 0 ? "DROP" : null; }
        });
        SendSummary r = sendD2(services(sink.port()));
        assertThat(r.sent() + r.failed() + r.inDoubt()).isEqualTo(r.queued());
        assertThat(r.inDoubt()).isEqualTo(1);
        assertThat(perAddress().values()).containsOnly(1);
        assertThat(perAddress()).hasSize((int) r.sent());
    }

    @Test
    void aServerThatIsDownPausesTheBatchWithAReasonAndResumeSendsTheRest() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) { port = free.getLocalPort(); }
        Services s = services(port);
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        SendSummary paused = s.runner.run(q.batchId(), "demo", FAST, SendListener.NONE, new AtomicBoolean());
        assertThat(paused.status()).isEqualTo(org.invitedesk.domain.BatchStatus.PAUSED);
        assertThat(paused.reason()).contains("127.0.0.1:" + port).contains("resume");
        assertThat(paused.sent()).isZero();
        assertThat(paused.remaining()).isEqualTo(2);

        try (SmtpSink back = new SmtpSink(port, null, true)) {
            TestPostgres.exec(db, "UPDATE invitation SET next_attempt_at = now() WHERE status = 'QUEUED'");
            SendSummary done = s.runner.run(q.batchId(), "demo", FAST, SendListener.NONE, new AtomicBoolean());
            assertThat(done.sent()).isEqualTo(2);
            assertThat(done.status()).isEqualTo(org.invitedesk.domain.BatchStatus.DONE);
            assertThat(back.accepted()).isEqualTo(2);
        }
    }

    @Test
    void cancelLeavesTheRestQueuedAndResumeSendsOnlyWhatWasNotSent() {
        Services.addBulkContacts(db, 60);
        Services s = services(sink.port());
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        AtomicBoolean cancel = new AtomicBoolean();
        org.invitedesk.support.HeldAfter held = new org.invitedesk.support.HeldAfter(12); // cancelled part-way on any machine
        sink.behaviour(held);
        SendSummary first = s.runner.run(q.batchId(), "demo", FAST.withRate(100), p -> {
            if (p.sent() >= 10) {
                cancel.set(true);
                held.release();
            }
        }, cancel);
        assertThat(first.status()).isEqualTo(org.invitedesk.domain.BatchStatus.PAUSED);
        assertThat(first.remaining()).isPositive();
        SendSummary second = s.runner.run(q.batchId(), "demo", FAST, SendListener.NONE, new AtomicBoolean());
        assertThat(second.sent()).isEqualTo(62);
        assertThat(perAddress()).hasSize(62);
        assertThat(perAddress().values()).containsOnly(1);
    }

    @Test
    void retryFailedRequeuesOnlyTransientFailuresUnlessAskedForPermanentOnes() {
        rejectOther();
        Services s = services(sink.port());
        SendSummary r = sendD2(s);
        assertThat(s.decisions.retryFailed(r.batchId(), false, "demo")).isZero();
        sink.behaviour(new SmtpSink.Behaviour() { });
        assertThat(s.decisions.retryFailed(r.batchId(), true, "demo")).isEqualTo(1);
        SendSummary again = s.runner.run(r.batchId(), "demo", FAST, SendListener.NONE, new AtomicBoolean());
        assertThat(again.sent()).isEqualTo(2);
        assertThat(again.failed()).isZero();
        // delivered at last: the address is no longer undeliverable, and every copy (its
        // email_status row, its contacts' state, the tally) agrees with its source
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM email_status WHERE undeliverable_reason IS NOT NULL OR state = 4")).isZero();
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).isZero();
    }

    /**
     * A crashed run leaves its connections' slot rows behind (V11): what the server had accepted,
     * and the row being handed. The next run settles them before sending anything: accepted rows
     * become SENT without a second message, the handed one is IN_DOUBT, and what was only claimed
     * is sent once.
     */
    @Test
    void aCrashedRunsSlotRowsAreSettledBeforeTheResume() {
        Services.addBulkContacts(db, 30);
        Services s = services(sink.port());
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        long b = q.batchId();
        long first = TestPostgres.queryLong(db, "SELECT min(id) FROM invitation WHERE batch_id = " + b);
        // As a runner killed mid-claim leaves things: its row (no session holds its lock), ten rows
        // claimed in its name; the first five accepted by the server, the sixth handed to it, the
        // other four not yet handed.
        TestPostgres.exec(db,
                "INSERT INTO send_runner (id, batch_id, kind, host, pid, login) VALUES (9001, " + b + ", 'COMMAND', 'gone', 1, 'demo')",
                "UPDATE invitation SET status = 'CLAIMED', claimed_by = 9001 WHERE batch_id = " + b + " AND id < " + (first + 10),
                "INSERT INTO send_slot (runner_id, batch_id, worker, handing_id, sent_ids, sent_at) VALUES (9001, " + b + ", 0, " + (first + 5)
                        + ", ARRAY(SELECT generate_series(" + first + ", " + (first + 4) + ")), "
                        + "ARRAY(SELECT timestamptz '2026-11-01 10:00:00+00' FROM generate_series(1, 5)))");
        Set<String> accepted = new HashSet<>(TestPostgres.queryStrings(db,
                "SELECT email_norm FROM invitation WHERE id BETWEEN " + first + " AND " + (first + 4)));
        String handed = TestPostgres.queryString(db, "SELECT email_norm FROM invitation WHERE id = " + (first + 5));

        SendSummary r = s.runner.run(b, "demo", FAST, SendListener.NONE, new AtomicBoolean());

        assertThat(r.queued()).isEqualTo(q.queued());
        assertThat(r.sent()).isEqualTo(q.queued() - 1);
        assertThat(r.inDoubt()).isEqualTo(1);
        Map<String, Integer> got = perAddress();
        assertThat(got.keySet()).doesNotContainAnyElementsOf(accepted).doesNotContain(handed);
        assertThat(got).hasSize((int) q.queued() - 6).allSatisfy((address, times) -> assertThat(times).isEqualTo(1));
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE batch_id = " + b
                + " AND status = 'SENT' AND sent_at = timestamptz '2026-11-01 10:00:00+00'")).isEqualTo(5);
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation WHERE id = " + (first + 5))).isEqualTo("IN_DOUBT");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM send_slot WHERE batch_id = " + b)).isZero();
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM send_runner")).as("the dead runner and this run are gone").isZero();
    }

    /**
     * A reused connection is not checked with a NOOP before every message (a round trip each);
     * when the server has closed it meanwhile, the message goes once more on a fresh connection
     * before DATA, so it is neither failed nor delayed nor sent twice.
     */
    @Test
    void aConnectionTheServerClosedIsReopenedWithoutARetryOrADuplicate() {
        Services.addBulkContacts(db, 20);
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public int messagesPerConnection() { return 1; }
        });
        SendSummary r = sendD2(services(sink.port()));
        assertThat(r.failed()).isZero();
        assertThat(r.sent()).isEqualTo(r.queued()).isEqualTo(22);
        assertThat(perAddress()).hasSize(22).allSatisfy((address, times) -> assertThat(times).isEqualTo(1));
        assertThat(TestPostgres.queryLong(db, "SELECT max(attempts) FROM invitation WHERE batch_id = " + r.batchId()))
                .as("no message needed a second attempt").isEqualTo(1);
    }

    /**
     * The durable mark overlaps the SMTP envelope; the data's ending waits for it. A mark that
     * fails abandons the message before its ending, so the server delivers nothing; a mark that
     * arrives late only delays it.
     */
    @Test
    void aMessageWhoseMarkFailsIsNeverCompletedAndALateMarkOnlyDelaysIt() throws Exception {
        RenderedMessage content = new RenderedMessage("s", "<p>h</p>", "t");
        try (SmtpConnection c = new SmtpConnection(MailSettings.plain("127.0.0.1", sink.port()))) {
            MimeMessage m = InvitationMessage.build(c.session(), "a@b.example",
                    "first@y.example", content, "<m1@b.example>", false);
            ((InvitationMessage.Tracked) m).gate(
                    CompletableFuture.failedFuture(new IllegalStateException("database gone")));
            SendOutcome out = c.send(m, new Address[]{new InternetAddress("first@y.example")});
            assertThat(out.kind()).isEqualTo(SendOutcome.Kind.TRANSIENT);
            assertThat(out.reply()).startsWith("Not sent");
            assertThat(sink.accepted()).isZero();

            MimeMessage m2 = InvitationMessage.build(c.session(), "a@b.example",
                    "second@y.example", content, "<m2@b.example>", false);
            CompletableFuture<Void> late = new CompletableFuture<>();
            ((InvitationMessage.Tracked) m2).gate(late);
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                    .execute(() -> late.complete(null));
            out = c.send(m2, new Address[]{new InternetAddress("second@y.example")});
            assertThat(out.kind()).isEqualTo(SendOutcome.Kind.SENT);
            assertThat(late).isDone();
        }
        assertThat(perAddress()).containsOnly(Map.entry("second@y.example", 1));
    }

    /**
     * The billing system may delete a contact that was invited (V12: no foreign key from
     * invitation); the batch's history keeps its invitation, shown without a name.
     */
    @Test
    void anInvitedContactCanBeDeletedAndItsFailedInvitationStaysInTheBatch() {
        rejectOther();
        Services s = services(sink.port());
        SendSummary r = sendD2(s);
        assertThat(r.failed()).isEqualTo(1);
        TestPostgres.exec(db, "DELETE FROM contact WHERE email_norm = 'other@x.com'");

        DetailQuery failedRows = DetailQuery
                .of(InviteFilter.forDivision("D2"), CountGroup.FAILED_IN_BATCH).withBatch(r.batchId());
        List<DetailRow> rows = s.invites.detailPageAfter(failedRows, null, 50);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.email()).isEqualTo("other@x.com");
            assertThat(row.lastError()).contains(": 550");
        });
        assertThat(s.invites.detailCount(failedRows)).isEqualTo(1);
    }

    /**
     * A connection lost while the data is still being written cannot have delivered the message
     * (a server delivers only ended data): a retry, not a row in doubt. Lost after the ending,
     * it is in doubt (rows 19 and 28 of reliability.md).
     */
    @Test
    void aConnectionLostBeforeTheDataEndedIsARetryNotADoubt() throws Exception {
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public boolean dropAfterDataCommand() { return true; }
        });
        String big = "x".repeat(16 * 1024 * 1024); // far more than the socket buffers: the write fails mid-data
        RenderedMessage content = new RenderedMessage("s", "<p>" + big + "</p>", "t");
        try (SmtpConnection c = new SmtpConnection(MailSettings.plain("127.0.0.1", sink.port()))) {
            MimeMessage m = InvitationMessage.build(c.session(), "a@b.example",
                    "big@y.example", content, "<big@b.example>", false);
            SendOutcome out = c.send(m, new Address[]{new InternetAddress("big@y.example")});
            assertThat(((InvitationMessage.Tracked) m).dataStarted()).isTrue();
            assertThat(out.kind()).as(out.reply()).isEqualTo(SendOutcome.Kind.TRANSIENT);
            assertThat(out.reply()).contains("before the message was complete");
        }
        assertThat(sink.accepted()).isZero();
    }

    /**
     * A rate-limited connection waits between messages; the message it last sent is recorded as
     * accepted before it waits, not with the next message's mark, so a crash during the wait
     * leaves nothing in doubt.
     */
    @Test
    void aRateLimitedConnectionRecordsItsLastMessageBeforeWaiting() throws Exception {
        Services.addBulkContacts(db, 5);
        Services s = services(sink.port());
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        AtomicBoolean cancel = new AtomicBoolean();
        Thread run = new Thread(() -> s.runner.run(q.batchId(), "demo", FAST.withConnections(1).withRate(0.4), SendListener.NONE, cancel));
        run.start();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (sink.accepted() < 1 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            assertThat(sink.accepted()).isEqualTo(1);
            String first = sink.received().get(0).recipient().toLowerCase();
            String recorded = "SELECT count(*) FROM invitation i WHERE i.batch_id = " + q.batchId() + " AND i.email_norm = '" + first
                    + "' AND (i.status = 'SENT' OR EXISTS (SELECT 1 FROM send_slot s WHERE s.batch_id = i.batch_id AND i.id = ANY(s.sent_ids)))";
            // the next message is due 2.5 s later; recording the first must not wait for it
            deadline = System.currentTimeMillis() + 1_000;
            while (TestPostgres.queryLong(db, recorded) == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(sink.accepted()).as("still waiting for the rate limit").isEqualTo(1);
            assertThat(TestPostgres.queryLong(db, recorded)).isEqualTo(1);
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM send_slot WHERE batch_id = " + q.batchId()
                    + " AND handing_id IS NOT NULL")).as("nothing is being handed while waiting").isZero();
        } finally {
            cancel.set(true);
            run.join(10_000);
        }
    }
}

package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchState;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.RateLimiter;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.service.send.Batches;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.Quotas;
import org.invitedesk.service.send.RunnerKind;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SenderService;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.MovableClock;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestApp;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's daily limit, shared through the database, with a clock the test moves across days. */
class RelayQuotaTest {
    Database db;
    SmtpSink sink;
    MovableClock clock = new MovableClock(ZoneId.of("UTC"));
    com.google.inject.Injector injector;
    Thread service;
    final AtomicBoolean stop = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(TestPostgres.newDatabaseUrl(), "postgres", null, 8);
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, 118); // 120 addresses in D2 with the fixture's two
        sink = new SmtpSink(0, null, true);
        MailSettings mail = MailSettings.plain("127.0.0.1", sink.port()).withConnections(2).withDailyLimit(50);
        injector = TestApp.injector(db, mail, "demo", clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        stop.set(true);
        if (service != null) service.join(60_000);
        sink.close();
        db.close();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    Batch batch(long id) { return injector.getInstance(Batches.class).batch(id); }

    @Test
    void aDailyLimitOf50SendsABatchOf120OverThreeDaysAndEachAddressOnce() throws Exception {
        SendSummary q = injector.getInstance(BatchQueue.class).queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        assertThat(q.queued()).isEqualTo(120);
        long b = q.batchId();
        service = new Thread(() -> injector.getInstance(SenderService.class).serve("demo",
                injector.getInstance(BatchRunner.class).configuredOptions(), stop, line -> { }));
        service.start();

        // (the run lets go of the batch just after recording WAITING: until then it still shows as running)
        await("the limit is reached", () -> batch(b).status() == BatchStatus.WAITING && batch(b).state() == BatchState.WAITING);
        Batch waiting = batch(b);
        assertThat(sink.received()).hasSize(50);
        assertThat(waiting.state()).isEqualTo(BatchState.WAITING);
        assertThat(waiting.statusReason()).startsWith("Waiting for the daily limit: resumes at ").endsWith(" tomorrow.");
        assertThat(Duration.between(clock.instant(), waiting.runAt().toInstant()))
                .isBetween(Duration.ofHours(23).plusMinutes(59), Duration.ofHours(24).plusMinutes(2));
        assertThat(waiting.remaining()).isEqualTo(70);

        // 23 hours on, the window has not passed: a run finds nothing it may send
        clock.advance(Duration.ofHours(23));
        SendSummary early = injector.getInstance(BatchRunner.class).run(b, "demo", RunnerKind.SERVICE,
                injector.getInstance(BatchRunner.class).configuredOptions(), SendListener.NONE, new AtomicBoolean());
        assertThat(early.status()).isEqualTo(BatchStatus.WAITING);
        assertThat(sink.received()).hasSize(50);

        clock.advance(Duration.ofHours(2)); // the first day's 50 leave the rolling 24 hours
        await("the second 50", () -> sink.received().size() == 100 && batch(b).status() == BatchStatus.WAITING);
        clock.advance(Duration.ofHours(25));
        await("the last 20", () -> batch(b).status() == BatchStatus.DONE);

        Map<String, Integer> perAddress = new HashMap<>();
        sink.received().forEach(r -> perAddress.merge(r.recipient().toLowerCase(), 1, Integer::sum));
        assertThat(perAddress).hasSize(120).allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
        assertThat(TestPostgres.queryLong(db, "SELECT sum(recipients) FROM relay_use")).as("each recipient counted once").isEqualTo(120);
    }

    /** A pause asked for when no run looked for it any more is honoured: a sender service records it instead of sending. */
    @Test
    void aPauseAskedForBetweenRunsIsRecordedNotSent() {
        SendSummary q = injector.getInstance(BatchQueue.class).queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        TestPostgres.exec(db, "UPDATE invitation_batch SET pause_requested_by = 'alice' WHERE id = " + q.batchId());
        SendSummary s = injector.getInstance(BatchRunner.class).run(q.batchId(), "demo", RunnerKind.SERVICE,
                injector.getInstance(BatchRunner.class).configuredOptions(), SendListener.NONE, new AtomicBoolean());
        assertThat(sink.received()).isEmpty();
        assertThat(s.status()).isEqualTo(BatchStatus.PAUSED);
        assertThat(s.reason()).isEqualTo("Paused by alice.");
    }

    /** A slow relay: claims are sized so that every connection has work (a batch of 8 over 4 connections is not one claim of 8). */
    @Test
    void aSlowRelayKeepsEveryConnectionBusy() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        try (SmtpSink slow = new SmtpSink(0, null, true)) {
            slow.behaviour(new SmtpSink.Behaviour() {
                @Override public String onData(String recipient, long n) {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try { Thread.sleep(400); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    inFlight.decrementAndGet();
                    return null;
                }
            });
            TestPostgres.exec(db, "DELETE FROM contact WHERE email LIKE 'bulk%' AND last_name NOT IN ('Person1','Person2','Person3','Person4','Person5','Person6')");
            com.google.inject.Injector four = TestApp.injector(db, MailSettings.plain("127.0.0.1", slow.port()).withConnections(4), "demo");
            SendSummary q = four.getInstance(BatchQueue.class).queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
            assertThat(q.queued()).isEqualTo(8);
            SendSummary done = four.getInstance(BatchRunner.class).run(q.batchId(), "demo", SendListener.NONE, new AtomicBoolean());
            assertThat(done.sent()).isEqualTo(8);
            assertThat(most.get()).as("messages in flight at once").isEqualTo(4);
        }
    }

    @Test
    void theRateTakesPerSecondOrPerMinuteAndTheEstimateSaysHowLongUnderTheQuotas() {
        assertThat(RateLimiter.parse("5")).isEqualTo(5.0);
        assertThat(RateLimiter.parse("30/min")).isEqualTo(0.5);
        assertThatThrownBy(() -> RateLimiter.parse("fast")).hasMessageContaining("30/min");
        assertThatThrownBy(() -> RateLimiter.parse("-1/min")).hasMessageContaining("not '-1/min'");
        MailSettings m365 = MailSettings.plain("relay", 25).withRate(0.5).withDailyLimit(10_000);
        assertThat(Quotas.estimate(50_000, m365)).isEqualTo("about 4 days 5 hours at 30 a minute, 10,000 a day");
        assertThat(Quotas.estimate(600, m365)).isEqualTo("about 20 min at 30 a minute, 10,000 a day");
        assertThat(Quotas.estimate(600, MailSettings.plain("relay", 25))).isNull();
    }
}

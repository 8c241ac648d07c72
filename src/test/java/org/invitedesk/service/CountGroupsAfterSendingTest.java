package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The count groups say what happened (#16): an address rejected for good is "No valid email"
 * with the reason; a paused batch's rows are "Waiting in an unfinished batch"; a policy
 * rejection or retries that ran out leave the address "Not invited", in the next default send.
 * Division D2 of the fixture: ann@x.com and other@x.com, plus bulk contacts.
 */
class CountGroupsAfterSendingTest {
    static final SendOptions FAST = SendOptions.defaults().withRetryBase(Duration.ofMillis(10)).withPauseAfter(50);
    static final InviteFilter D2 = InviteFilter.forDivision("D2");

    Database db;
    SmtpSink sink;
    Services s;

    @BeforeEach
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        sink = new SmtpSink(0, null, true);
        s = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
    }

    @AfterEach
    void tearDown() {
        sink.close();
        db.close();
    }

    void refuse(String prefix, String reply) {
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onRecipient(String a) { return a.startsWith(prefix) ? reply : null; }
        });
    }

    SendSummary send(SendOptions o) {
        SendSummary q = s.queue.queue(D2, "Standard", "two@division.example", "demo");
        return s.runner.run(q.batchId(), "demo", o, SendListener.NONE, new AtomicBoolean());
    }

    Counts counts() {
        Counts c = s.invites.counts(D2);
        assertThat(c).isEqualTo(CountsStayCurrentTest.reference(db, "D2", null, false, false, false, false));
        assertThat(c.notInvited() + c.waitingInBatch() + c.invitedNotAccepted() + c.hasPortalAccount() + c.noValidEmail())
                .as("the groups partition the contacts").isEqualTo(c.contacts());
        return c;
    }

    @Test
    void anAddressRejectedForGoodIsNoValidEmailWithTheReasonAndIsNotOfferedAgain() {
        refuse("other", "550 5.1.1 <other@x.com>: Recipient address rejected: User unknown");
        send(FAST);
        Counts c = counts();
        assertThat(c.noValidEmail()).isEqualTo(1);
        assertThat(c.invitedNotAccepted()).isEqualTo(1);
        assertThat(c.willReceive()).isZero();
        assertThat(s.invites.counts(D2.withIncludeInvited(true)).willReceive()).as("not even when re-sending").isEqualTo(1);
        List<DetailRow> rows = s.invites.detailPageAfter(DetailQuery.of(D2, CountGroup.NO_VALID_EMAIL), null, 10);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.email()).isEqualTo("other@x.com");
            assertThat(r.invitationStatus()).isEqualTo("UNDELIVERABLE");
            assertThat(r.lastError()).startsWith("Undeliverable: rejected by 127.0.0.1 on ").contains("550 5.1.1").contains("User unknown");
        });
    }

    @Test
    void aPolicyRejectionFailsTheMessageNotTheAddress() {
        refuse("other", "550 5.7.1 Message rejected by policy");
        SendSummary r = send(FAST);
        assertThat(r.failed()).isEqualTo(1);
        Counts c = counts();
        assertThat(c.noValidEmail()).isZero();
        assertThat(c.notInvited()).isEqualTo(1);
        assertThat(c.willReceive()).as("in the next default send").isEqualTo(1);
        SendSummary again = s.queue.queue(D2, "Standard", "two@division.example", "demo");
        assertThat(again.queued()).isEqualTo(1);
    }

    @Test
    void retriesThatRanOutNeverReachedAnyoneSoTheAddressIsNotInvited() {
        refuse("other", "451 4.3.0 Try again later");
        SendSummary r = send(FAST);
        assertThat(r.failed()).isEqualTo(1);
        Counts c = counts();
        assertThat(c.notInvited()).isEqualTo(1);
        assertThat(c.invitedNotAccepted()).isEqualTo(1);
    }

    @Test
    void aPausedBatchsRowsAreWaitingInAnUnfinishedBatchAndNotInWillReceive() {
        Services.addBulkContacts(db, 30);
        SendSummary q = s.queue.queue(D2, "Standard", "two@division.example", "demo");
        Counts waiting = counts();
        assertThat(waiting.waitingInBatch()).isEqualTo(32);
        assertThat(waiting.willReceive()).isZero();
        // each waiting contact says which batch it waits in (the details' Batch column)
        assertThat(s.invites.detailPageAfter(DetailQuery.of(D2, CountGroup.WAITING_IN_BATCH), null, 100))
                .hasSize(32).allSatisfy(row -> assertThat(row.lastError()).isEqualTo("Batch " + q.batchId()));
        // cancelled after the first messages: what was not sent waits, what was sent is invited
        AtomicBoolean cancel = new AtomicBoolean();
        org.invitedesk.support.HeldAfter held = new org.invitedesk.support.HeldAfter(7); // cancelled part-way on any machine
        sink.behaviour(held);
        s.runner.run(q.batchId(), "demo", FAST.withRate(200), p -> {
            if (p.sent() >= 5) {
                cancel.set(true);
                held.release();
            }
        }, cancel);
        Counts c = counts();
        assertThat(c.invitedNotAccepted()).isPositive();
        assertThat(c.waitingInBatch()).as("some still wait").isPositive();
        assertThat(c.waitingInBatch()).isEqualTo(32 - c.invitedNotAccepted());
        assertThat(c.willReceive()).isZero();
        assertThat(s.invites.detailCount(DetailQuery.of(D2, CountGroup.WAITING_IN_BATCH))).isEqualTo(c.waitingInBatch());
    }
}

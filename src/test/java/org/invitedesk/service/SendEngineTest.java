package org.invitedesk.service;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.TemplateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The send engine against a real PostgreSQL and a real SMTP server (GreenMail, in-process). */
class SendEngineTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

    Database db;
    Services s;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        s = new Services(db, MailSettings.plain("127.0.0.1", ServerSetupTest.SMTP.getPort()));
    }

    @AfterEach
    void tearDown() { db.close(); }

    SendSummary send(InviteFilter f, String login) {
        SendSummary q = s.queue.queue(f, "Standard", "one@division.example", login);
        return s.runner.run(q.batchId(), login, SendOptions.defaults(), SendListener.NONE, new AtomicBoolean());
    }

    @Test
    void sendsOneMultipartMessagePerDistinctAddressWithAWorkingLink() throws Exception {
        SendSummary r = send(InviteFilter.forDivision("D1"), "demo");
        assertThat(r.queued()).isEqualTo(2);
        assertThat(r.sent()).isEqualTo(2);
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(Arrays.stream(got).map(m -> { try { return m.getAllRecipients()[0].toString(); } catch (Exception e) { throw new RuntimeException(e); } }))
                .containsExactlyInAnyOrder("ann@x.com", "BOB@x.com");
        for (MimeMessage m : got) {
            assertThat(m.getFrom()[0].toString()).isEqualTo("one@division.example");
            assertThat(m.getContent()).isInstanceOf(MimeMultipart.class);
            MimeMultipart mp = (MimeMultipart) m.getContent();
            assertThat(mp.getCount()).isEqualTo(2);
            assertThat(m.getContentType()).startsWith("multipart/alternative");
            String text = (String) mp.getBodyPart(0).getContent();
            Matcher t = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(text);
            assertThat(t.find()).isTrue();
            assertThat(t.group(1).length()).isGreaterThanOrEqualTo(22);
            String to = m.getAllRecipients()[0].toString().toLowerCase();
            assertThat(TestPostgres.queryString(db, "SELECT token_hash FROM invitation WHERE email_norm = '" + to + "' AND batch_id = " + r.batchId()))
                    .isEqualTo(Tokens.hash(t.group(1)));
            assertThat(m.getMessageID()).matches("<invitation-\\d+@division.example>");
        }
        String html = (String) ((MimeMultipart) got[0].getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("https://portal.one.example/invite?token=");
    }

    @Test
    void aFailedInvitationIsSupersededWhenItsAddressIsQueuedAgainWithoutIncludeInvited() {
        send(InviteFilter.forDivision("D1"), "demo");
        // ann's message never left (the relay refused it); bob's did
        TestPostgres.exec(db, "UPDATE invitation SET status = 'FAILED', sent_at = NULL WHERE email_norm = 'ann@x.com'");
        SendSummary again = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
        assertThat(again.queued()).isEqualTo(1);
        assertThat(TestPostgres.queryStrings(db, "SELECT status FROM invitation WHERE email_norm = 'ann@x.com' ORDER BY id"))
                .containsExactly("SUPERSEDED", "QUEUED");
        assertThat(TestPostgres.queryStrings(db, "SELECT status FROM invitation WHERE email_norm = 'bob@x.com' ORDER BY id"))
                .containsExactly("SENT");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).isZero();
    }

    @Test
    void theSecondIdenticalSendQueuesNothing() {
        send(InviteFilter.forDivision("D1"), "demo");
        SendSummary second = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
        assertThat(second.queued()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(s.invites.counts(InviteFilter.forDivision("D1")).willReceive()).isZero();
    }

    @Test
    void sentAddressesMoveTheirContactsToInvitedAndTheCountsTallyFollows() {
        Counts before = s.invites.counts(InviteFilter.forDivision("D1"));
        SendSummary r = send(InviteFilter.forDivision("D1"), "demo");
        assertThat(r.sent()).isEqualTo(2);
        // each contact's copy of its address's state is "sent" (1), not still "waiting" (2)
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact c JOIN email_status s ON s.email_norm = c.email_norm "
                + "WHERE c.email_norm IN ('ann@x.com', 'bob@x.com') AND c.address_state = 1 AND s.state = 1")).isGreaterThanOrEqualTo(2);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact c JOIN email_status s ON s.email_norm = c.email_norm "
                + "WHERE c.address_state <> s.state")).isZero();
        Counts after = s.invites.counts(InviteFilter.forDivision("D1"));
        assertThat(after.waitingInBatch()).isZero();
        assertThat(after.invitedNotAccepted()).isEqualTo(before.invitedNotAccepted() + before.notInvited() - after.notInvited());
        assertThat(after.notInvited()).isLessThan(before.notInvited());
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).isZero();
    }

    @Test
    void reSendSupersedesTheEarlierInvitation() {
        send(InviteFilter.forDivision("D1").withIncludeInvited(true), "demo");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE email_norm = 'invited@x.com' AND status = 'SUPERSEDED'")).isEqualTo(1);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE email_norm = 'invited@x.com' AND status = 'SENT'")).isEqualTo(1);
    }

    @Test
    void aUserWithoutPermission390CannotSendThroughTheEngine() {
        assertThatThrownBy(() -> s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "viewer"))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("390");
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
        assertThatThrownBy(() -> s.runner.run(q.batchId(), "stranger", SendOptions.defaults(), SendListener.NONE, new AtomicBoolean()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void twoEnginesSendingTheSameDivisionAtOnceNeverInviteOneAddressTwice() throws Exception {
        Services.addBulkContacts(db, 300);
        Services other = new Services(db, MailSettings.plain("127.0.0.1", ServerSetupTest.SMTP.getPort()));
        List<CompletableFuture<SendSummary>> runs = new ArrayList<>();
        for (Services x : List.of(s, other)) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                SendSummary q = x.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
                return x.runner.run(q.batchId(), "demo", SendOptions.defaults(), SendListener.NONE, new AtomicBoolean());
            }));
        }
        long sent = 0;
        for (CompletableFuture<SendSummary> f : runs) sent += f.get().sent();
        assertThat(sent).isEqualTo(302);
        Map<String, Integer> perAddress = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) perAddress.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
        assertThat(perAddress).hasSize(302);
        assertThat(perAddress.values()).containsOnly(1);
    }

    @Test
    void headerInjectionThroughANameNeverCreatesAHeader() throws Exception {
        TestPostgres.exec(db, "UPDATE contact SET first_name = E'Eve\\r\\nBcc: victim@evil.example' WHERE id = 1");
        send(InviteFilter.forDivision("D1"), "demo");
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            assertThat(m.getHeader("Bcc")).isNull();
            assertThat(m.getSubject()).doesNotContain("\n").doesNotContain("\r");
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aTemplateReachingForJavaClassesIsRefused() {
        TestPostgres.exec(db, "INSERT INTO notification_template (template_key, name, subject, html_body, text_body) VALUES "
                + "('evil', 'Evil', 'Hi', '$contact.getClass().forName(\"java.lang.Runtime\").getRuntime().exec(\"touch /tmp/pwned\")', 'x')");
        assertThatThrownBy(() -> s.queue.queue(InviteFilter.forDivision("D1"), "Evil", "one@division.example", "demo"))
                .isInstanceOf(TemplateException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}

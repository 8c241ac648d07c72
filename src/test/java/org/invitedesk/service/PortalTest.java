package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.portal.LocalPortal;
import org.invitedesk.service.PortalService.Acceptance;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The portal's side: tokens taken from the messages really sent, redeemed by
 * {@code accept_invitation}; withdrawals; the local portal page. Division D1 of the fixture
 * sends to ann@x.com and bob@x.com.
 */
class PortalTest {
    static final InviteFilter D1 = InviteFilter.forDivision("D1");
    static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{20,})");

    Database db;
    SmtpSink sink;
    Services s;
    PortalService portal;

    @BeforeEach
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        sink = new SmtpSink(0, null, true);
        s = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
        portal = s.get(PortalService.class);
    }

    @AfterEach
    void tearDown() {
        sink.close();
        db.close();
    }

    /** Sends D1 and returns each address's token, as found in its message. */
    Map<String, String> sendAndCollectTokens(InviteFilter f) {
        int before = sink.received().size();
        SendSummary q = s.queue.queue(f, "Standard", "one@division.example", "demo");
        s.runner.run(q.batchId(), "demo", SendOptions.defaults(), SendListener.NONE, new AtomicBoolean());
        Map<String, String> tokens = new HashMap<>();
        sink.received().stream().skip(before).forEach(r -> {
            Matcher m = TOKEN.matcher(r.text().replace("=\r\n", "").replace("=3D", "="));
            assertThat(m.find()).as("a link with a token in " + r.recipient()).isTrue();
            tokens.put(r.recipient().toLowerCase(), m.group(1));
        });
        return tokens;
    }

    Counts d1() { return s.invites.counts(D1.withIncludeInvited(true)); }

    /** D1's open contacts with the address (whatever their case and spaces). */
    long d1Contacts(String address) {
        return TestPostgres.queryLong(db, "SELECT count(*) FROM contact c JOIN account a ON a.id = c.account_id JOIN division d ON d.id = a.division_id "
                + "WHERE d.code = 'D1' AND a.is_open AND c.email_norm = '" + address + "'");
    }

    @Test
    void aTokenIsAcceptedOnceAndTheCountsMoveInTheSameTransaction() {
        Map<String, String> tokens = sendAndCollectTokens(D1);
        assertThat(tokens).containsOnlyKeys("ann@x.com", "bob@x.com");
        Counts before = d1();

        assertThat(portal.accept(tokens.get("ann@x.com"))).isEqualTo(Acceptance.ACCEPTED);

        Counts after = d1();
        // every D1 contact with ann@x.com moves from invited to has-portal
        long ann = d1Contacts("ann@x.com");
        assertThat(ann).isGreaterThanOrEqualTo(2);
        assertThat(after.hasPortalAccount()).isEqualTo(before.hasPortalAccount() + ann);
        assertThat(after.invitedNotAccepted()).isEqualTo(before.invitedNotAccepted() - ann);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM portal_account WHERE email_norm = 'ann@x.com'")).isEqualTo(1);
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation WHERE email_norm = 'ann@x.com' ORDER BY id DESC LIMIT 1"))
                .isEqualTo("ACCEPTED");

        assertThat(portal.accept(tokens.get("ann@x.com"))).as("a second use").isEqualTo(Acceptance.USED);
        assertThat(d1()).isEqualTo(after);
    }

    @Test
    void expiredSupersededWithdrawnAndWrongTokensAreRefusedWithTheirWord() {
        Map<String, String> first = sendAndCollectTokens(D1);
        // a wrong token never matches: random, one character changed, too short, with markup
        assertThat(portal.accept(org.invitedesk.service.Tokens.newToken())).isEqualTo(Acceptance.UNKNOWN);
        String ann = first.get("ann@x.com");
        String changed = ann.substring(0, ann.length() - 1) + (ann.endsWith("A") ? "B" : "A");
        assertThat(portal.accept(changed)).isEqualTo(Acceptance.UNKNOWN);
        assertThat(portal.accept("abc")).isEqualTo(Acceptance.UNKNOWN);
        assertThat(portal.accept("' OR 1=1 --")).isEqualTo(Acceptance.UNKNOWN);
        assertThat(portal.accept(null)).isEqualTo(Acceptance.UNKNOWN);

        // expired
        TestPostgres.exec(db, "UPDATE invitation SET expires_at = now() - interval '1 day' WHERE email_norm = 'bob@x.com'");
        assertThat(portal.accept(first.get("bob@x.com"))).isEqualTo(Acceptance.EXPIRED);
        assertThat(portal.accept(first.get("bob@x.com"))).isEqualTo(Acceptance.EXPIRED);

        // superseded: ann is invited again; the old link is dead, the new one works
        Map<String, String> second = sendAndCollectTokens(D1.withIncludeInvited(true));
        assertThat(portal.accept(ann)).isEqualTo(Acceptance.SUPERSEDED);

        // withdrawn: the new link stops working and ann counts as not invited again
        long notInvitedBefore = d1().notInvited();
        int sentInBatches = s.batches.list(10).stream().mapToInt(org.invitedesk.domain.Batch::sent).sum();
        assertThat(portal.withdraw("ANN@x.com \r", "demo")).isEqualTo(2); // the new one and the superseded one
        assertThat(s.batches.list(10).stream().mapToInt(org.invitedesk.domain.Batch::sent).sum())
                .as("a withdrawn invitation was still sent: the batches' tallies stay").isEqualTo(sentInBatches);
        assertThat(portal.accept(second.get("ann@x.com"))).isEqualTo(Acceptance.WITHDRAWN);
        assertThat(d1().notInvited()).isEqualTo(notInvitedBefore + d1Contacts("ann@x.com"));
        assertThat(portal.withdraw("ann@x.com", "demo")).as("nothing left to withdraw").isZero();
        assertThatThrownBy(() -> portal.withdraw("ann@x.com", "viewer")).hasMessageContaining("390");
        // the next send invites ann anew
        Map<String, String> third = sendAndCollectTokens(D1);
        assertThat(third).containsKey("ann@x.com");
        assertThat(portal.accept(third.get("ann@x.com"))).isEqualTo(Acceptance.ACCEPTED);
        assertThat(portal.withdraw("ann@x.com", "demo")).as("an accepted invitation is not withdrawn").isZero();
    }

    @Test
    void onlyThePortalRoleMayCallAcceptInvitationAndItNeedsNoRightOnTheTables() throws Exception {
        Map<String, String> tokens = sendAndCollectTokens(D1);
        String dbName = TestPostgres.queryString(db, "SELECT current_database()");
        TestPostgres.exec(db,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN "
                        + "CREATE ROLE portal_app LOGIN IN ROLE invite_desk_portal; END IF; "
                        + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'someone_else') THEN CREATE ROLE someone_else LOGIN; END IF; END $$");
        try (Connection other = DriverManager.getConnection(TestPostgres.server().getJdbcUrl("someone_else", dbName));
             Statement st = other.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT accept_invitation('" + tokens.get("bob@x.com") + "')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        try (Connection portalLogin = DriverManager.getConnection(TestPostgres.server().getJdbcUrl("portal_app", dbName));
             Statement st = portalLogin.createStatement()) {
            var rs = st.executeQuery("SELECT accept_invitation('" + tokens.get("bob@x.com") + "')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("accepted");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE invitation SET status = 'ACCEPTED'"))
                    .as("no right on the table itself").hasMessageContaining("permission denied");
        }
    }

    /** The details window's "Withdraw invitation…": offered to permission 390 in "Invited, not accepted", confirmed, and the row leaves the group. */
    @Test
    void theDetailsWindowWithdrawsTheSelectedAddressAfterConfirming() {
        sendAndCollectTokens(D1);
        java.util.List<String> asked = new java.util.ArrayList<>();
        org.invitedesk.ui.common.WindowService yes = new org.invitedesk.ui.common.WindowService() {
            public void openDetails(InviteFilter f, org.invitedesk.domain.CountGroup g, Long b, String t) { }
            public boolean confirm(String t, String m, String a) { asked.add(m); return true; }
            public void showPreview(org.invitedesk.ui.preview.MessagePreview p) { }
            public void showSummary(SendSummary x) { }
            public void showError(String m) { }
            public void showInformation(String id, String t, String h, String x) { }
            public void openTemplates(Runnable onSaved, String t, String d) { }
            public void openBatches(java.util.function.LongConsumer r) { }
            public Unsaved askUnsaved(String m, String whyNot) { return Unsaved.CANCEL; }
            public String ask(String t, String p, String i) { return null; }
        };
        org.invitedesk.domain.DetailQuery q = org.invitedesk.domain.DetailQuery.of(D1.withIncludeInvited(true),
                org.invitedesk.domain.CountGroup.INVITED_NOT_ACCEPTED);
        org.invitedesk.ui.details.InvitationDetailsViewModel vm = new org.invitedesk.ui.details.InvitationDetailsViewModel(s.invites,
                org.invitedesk.ui.common.UiExecutor.sameThread(), q);
        org.invitedesk.ui.details.InvitationDetailsViewModel.Withdrawing as = new org.invitedesk.ui.details.InvitationDetailsViewModel.Withdrawing(
                portal, s.permissions, yes, new org.invitedesk.domain.Login("viewer"));
        vm.allowWithdraw(as);
        assertThat(vm.mayWithdraw().get()).as("a viewer may not withdraw").isFalse();
        vm.allowWithdraw(new org.invitedesk.ui.details.InvitationDetailsViewModel.Withdrawing(portal, s.permissions, yes,
                new org.invitedesk.domain.Login("demo")));
        assertThat(vm.mayWithdraw().get()).isTrue();
        vm.reload();
        org.invitedesk.domain.DetailRow bob = vm.rows().stream().filter(r -> r.email().strip().equalsIgnoreCase("bob@x.com")).findFirst().orElseThrow();
        vm.withdraw(bob);
        assertThat(asked).singleElement().asString().containsIgnoringCase("bob@x.com").contains("link stops working");
        assertThat(vm.rows()).noneMatch(r -> r.email().strip().equalsIgnoreCase("bob@x.com"));
        assertThat(vm.status().get()).startsWithIgnoringCase("Withdrawn: bob@x.com.");
        assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation WHERE email_norm = 'bob@x.com'")).isEqualTo("WITHDRAWN");
    }

    @Test
    void theLocalPortalPageShowsAButtonAndItsPostMakesTheAccount() throws Exception {
        Map<String, String> tokens = sendAndCollectTokens(D1);
        LocalPortal local = LocalPortal.start(portal, 0);
        assertThat(local).isNotNull();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String link = local.baseUrl() + "d1?token=" + tokens.get("bob@x.com");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Create my portal account").contains(tokens.get("bob@x.com"));
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM portal_account WHERE email_norm = 'bob@x.com'"))
                    .as("opening the link (a mail scanner does too) changes nothing").isZero();

            HttpRequest post = HttpRequest.newBuilder(URI.create(local.baseUrl() + "d1")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + tokens.get("bob@x.com"))).build();
            HttpResponse<String> done = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("Your portal account is ready");
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM portal_account WHERE email_norm = 'bob@x.com'")).isEqualTo(1);

            HttpResponse<String> again = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(410);
            assertThat(again.body()).contains("already used");
            // opening a used link says so at once, with no button
            HttpResponse<String> reopened = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reopened.statusCode()).isEqualTo(410);
            assertThat(reopened.body()).contains("already used").doesNotContain("<button");
            // a test mail's link (a placeholder token) says it is a test, not that the link is broken
            HttpResponse<String> test = http.send(HttpRequest.newBuilder(URI.create(local.baseUrl() + "d1?token="
                    + org.invitedesk.service.Rendering.PREVIEW_TOKEN)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(test.body()).contains("This is a test invitation").doesNotContain("<button");
            assertThat(portal.state(tokens.get("ann@x.com"))).as("looking changes nothing").isEqualTo(Acceptance.OPEN);
            assertThat(portal.state(tokens.get("ann@x.com"))).isEqualTo(Acceptance.OPEN);
        } finally {
            local.close();
        }
    }
}

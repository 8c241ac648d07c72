package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.Template;
import org.invitedesk.mail.EmailAddresses;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.MergeFields;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.template.VelocityTemplateRenderer;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteViewModel;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows of the reliability table that had no test of their own. */
class SweepTest {
    @Test
    void emailFromIsTrimmedOrRefusedAndSaysWhich() {
        assertThat(EmailAddresses.problemWithFrom("  billing@division.example  ")).isEmpty();
        assertThat(EmailAddresses.normalizedFrom("  billing@division.example  ")).isEqualTo("billing@division.example");
        assertThat(EmailAddresses.problemWithFrom("")).get().asString().isNotBlank();
        assertThat(EmailAddresses.problemWithFrom("a@b.com, c@d.com")).get().asString().contains("one sender address");
        assertThat(EmailAddresses.problemWithFrom("Evil\r\nBcc: x@y.com <a@b.com>")).isPresent();
        assertThat(EmailAddresses.problemWithFrom("a@b.com\r\nBcc: x@y.com")).get().asString().contains("one line");
        assertThat(EmailAddresses.problemWithFrom("billing@bücher.example")).get().asString().contains("xn--");
        assertThat(EmailAddresses.problemWithFrom("a".repeat(290) + "@b.example")).isPresent();
    }

    @Test
    void contactAddressesAreJudgedByOneRuleInTheDatabase() {
        try (Database db = TestPostgres.freshDatabase()) {
            // decision: a Unicode local part is valid (SMTPUTF8 servers take it); these are not
            assertThat(TestPostgres.queryString(db, "SELECT invite_email_valid('jürgen@example.com')")).isEqualTo("t");
            assertThat(TestPostgres.queryString(db, "SELECT invite_email_valid('  Ann@Example.COM ')")).isEqualTo("t");
            for (String bad : new String[]{"ann smith@example.com", "a@b@example.com", "ann@example", "@example.com", "ann@", "",
                    "ann@.example.com", "ann@example..com", "x".repeat(250) + "@example.com"}) {
                assertThat(TestPostgres.queryString(db, "SELECT invite_email_valid('" + bad + "')")).as(bad).isEqualTo("f");
            }
            assertThat(TestPostgres.queryString(db, "SELECT invite_email_norm('  Ann@Example.COM ')")).isEqualTo("ann@example.com");
        }
    }

    @Test
    void aDataFolderThatCannotBeCreatedSaysWhereAndWhatToCheck(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> org.invitedesk.app.EmbeddedDatabase.start(file.resolve("data"), false));
        assertThat(e).isInstanceOf(org.invitedesk.domain.UnavailableException.class);
        assertThat(e.getMessage()).contains(file.resolve("data").toString()).contains("writable").doesNotContain("\n");
    }

    @Test
    void aContactNameWithMarkupIsEscapedInTheHtmlAndKeptAsTextInThePlainPart() {
        Template t = new Template(0, "k", 1, "T", "Hello $contact.firstName", "<p>Dear $contact.firstName $contact.lastName</p>",
                "Dear $contact.firstName", true, null, null);
        RenderedMessage m = new VelocityTemplateRenderer().compile(t).render(MergeFields.values(new MergeFields.Input("<script>alert(1)</script>",
                "O'Brien & <b>Sons</b>", "x@y.com", "A1", "Acme", new Division(1, "D", "Div", "d@x.com", "https://p.example/"),
                "https://p.example/?token=t", "May 1, 2027")));
        assertThat(m.html()).doesNotContain("<script>").contains("&lt;script&gt;").doesNotContain("<b>Sons</b>");
        assertThat(m.text()).contains("<script>alert(1)</script>");
        assertThat(m.subject()).doesNotContain("\n");
    }

    @Test
    void theDatabaseLostWhileCountingSaysSoOnTheStatusLineAndKeepsTheWindow() {
        String url = TestPostgres.newDatabaseUrl();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Database db = Database.open(url, "postgres", null, 2, java.time.Duration.ofSeconds(1))) {
            db.migrate();
            Fixture.load(db);
            Services s = new Services(db, MailSettings.plain("127.0.0.1", 1));
            java.util.List<String> errors = new java.util.ArrayList<>();
            WindowService windows = new WindowService() {
                public void openDetails(InviteFilter f, CountGroup g, Long b, String t) { }
                public boolean confirm(String t, String m, String a) { return false; }
                public void showPreview(org.invitedesk.ui.preview.MessagePreview p) { }
                public void showSummary(org.invitedesk.domain.SendSummary x) { }
                public void showError(String m) { errors.add(m); }
                public String ask(String t, String p, String i) { return null; }
                public void openTemplates(Runnable r, String t, String d) { }
                public void showInformation(String id, String t, String h, String x) { }
        public void openBatches(java.util.function.LongConsumer r) { }
        public Unsaved askUnsaved(String m, String whyNot) { return Unsaved.CANCEL; }
            };
            BulkInviteViewModel vm = new BulkInviteViewModel(s.invites, s.get(org.invitedesk.ui.invite.SendRun.Services.class), s.permissions, UiExecutor.sameThread(), windows, new org.invitedesk.domain.Login("demo"));
            vm.load();
            vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
            assertThat(vm.counts().get()).isNotNull();

            try (var c = TestPostgres.server().getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
            try {
                vm.flag(org.invitedesk.domain.FilterFlag.BALANCE_DUE).set(true); // a new count, against a database that is gone
                assertThat(vm.status().get()).startsWith("Database unreachable").contains("nothing was lost").doesNotContain("\n");
                assertThat(vm.counts().get()).as("no stale counts shown").isNull();
                assertThat(errors).as("no dialog storm").isEmpty();
            } finally {
                try (var c = TestPostgres.server().getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                    st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExportCancelledHalfWayStopsAndLeavesACompleteCsvOfWhatWasWritten() {
        try (Database db = TestPostgres.freshDatabase()) {
            Fixture.load(db);
            Services.addBulkContacts(db, 3000);
            InviteService invites = org.invitedesk.support.TestApp.get(db, InviteService.class);
            StringWriter out = new StringWriter();
            AtomicLong progressed = new AtomicLong();
            long written = invites.exportCsv(DetailQuery.of(InviteFilter.forDivision("D2"), CountGroup.NOT_INVITED), out,
                    progressed::set, () -> progressed.get() >= 1000);
            assertThat(written).isEqualTo(1000);
            assertThat(out.toString().lines()).hasSize(1001); // header + rows, each line whole
        }
    }

    /** Raw server texts reach the user as one sentence; the raw text stays for the log and the CSV. */
    @Test
    void rawServerTextsAreSaidInWords() {
        assertThat(org.invitedesk.domain.Failures.inWords("FATAL: terminating connection due to administrator command"))
                .isEqualTo("the database server was stopped or restarted");
        assertThat(org.invitedesk.domain.Failures.inWords("Connection to x:25 lost: [EOF]")).isEqualTo("the server closed the connection");
        assertThat(org.invitedesk.domain.Failures.inWords("java.net.SocketException: Broken pipe")).isEqualTo("the connection broke off");
        assertThat(org.invitedesk.domain.Failures.inWords("550 5.7.1 policy")).isEqualTo("550 5.7.1 policy");
    }
}

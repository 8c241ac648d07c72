package org.invitedesk.cli;

import org.invitedesk.data.Database;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real roles and logins on the test's PostgreSQL: `grant` makes a person's login; a login that
 * may only look is refused every write by PostgreSQL itself (plain JDBC, not the app's checks),
 * and the app signs it in as itself, whatever --user says.
 */
class DatabaseRolesTest {
    String url;
    String dbName;
    static final String LOOK = "look_" + ProcessHandle.current().pid();
    static final String SEND = "send_" + ProcessHandle.current().pid();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut, oldErr;

    @BeforeEach
    void db() {
        url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
            dbName = TestPostgres.queryString(db, "SELECT current_database()");
        }
    }

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    int as(String dbUser, String... args) {
        // the test server's URL names its user (?user=postgres), which would win over --db-user
        String plain = url.replaceAll("[?&]user=[^&]*", "");
        List<String> all = new ArrayList<>(List.of("--db-url", plain, "--db-user", dbUser));
        all.addAll(List.of(args));
        return org.invitedesk.support.TestApp.commandLine().execute(all.toArray(String[]::new));
    }

    String out() { return out.toString(StandardCharsets.UTF_8).trim(); }
    String err() { return err.toString(StandardCharsets.UTF_8).trim(); }

    Connection connectAs(String login) throws SQLException {
        return DriverManager.getConnection(TestPostgres.server().getJdbcUrl(login, dbName));
    }

    @Test
    void aLookingLoginIsRefusedEveryWriteByPostgresAndIsSignedInAsItself() throws Exception {
        assertThat(as("postgres", "grant", LOOK, "--name", "Lou Looker")).as(err()).isZero();
        assertThat(out()).contains("\"login\":\"" + LOOK + "\"").contains("\"role\":\"created\"");

        try (Connection c = connectAs(LOOK); Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM contact");
            assertThat(rs.next()).isTrue(); // looking is allowed
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO invitation_batch (created_by, division_id, filters, template_id, email_from) "
                    + "VALUES ('x', 1, '', 1, 'a@b.example')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO invitation (email_norm, email, status) VALUES ('a@b.example', 'a@b.example', 'QUEUED')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE invitation SET status = 'ACCEPTED'")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO notification_template (template_key, name, subject, html_body, text_body) "
                    + "VALUES ('k', 'n', 's', 'h', 't')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeQuery("SELECT accept_invitation('abc')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM invite_queue_batch('x', 1, NULL, NULL, NULL, NULL, NULL, false, false, false, false, '', 1, "
                    + "'a@b.example', now(), NULL, NULL)")).as("the queueing function").hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_save_template('x', 'k', 1, 'n', 's', 'h', 't', true)"))
                    .as("saving a template").hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_withdraw('ann@x.com', 'demo')"))
                    .as("withdrawing").hasMessageContaining("permission denied");
        }

        out.reset();
        assertThat(as(LOOK, "counts", "--division", "D1")).as(err()).isZero();
        assertThat(out()).contains("\"willReceive\":2");

        err.reset();
        assertThat(as(LOOK, "--user", "demo", "counts", "--division", "D1")).as(out() + " | " + err()).isEqualTo(2);
        assertThat(err()).contains("you are signed in to the database as '" + LOOK + "'").doesNotContain("Exception");

        err.reset();
        assertThat(as(LOOK, "send", "--division", "D1", "--template", "Standard", "--from", "one@division.example")).isEqualTo(2);
        assertThat(err()).contains("User '" + LOOK + "' lacks permission 390");
    }

    /** A person's sending login queues through the database's function, which records that login; the tables stay closed to it. */
    @Test
    void aSendingLoginQueuesThroughTheFunctionAndIsRecordedAsItself() throws Exception {
        String sender = "queuer_" + ProcessHandle.current().pid();
        assertThat(as("postgres", "grant", sender, "--permission", "390")).as(err()).isZero();
        out.reset();
        assertThat(as(sender, "send", "--division", "D1", "--template", "Standard", "--from", "one@division.example", "--background"))
                .as(err()).isZero();
        assertThat(out()).contains("\"queued\":2").contains("\"status\":\"QUEUED\"");
        try (Database db = Database.open(url, "postgres", null, 1)) {
            assertThat(TestPostgres.queryString(db, "SELECT created_by FROM invitation_batch ORDER BY id DESC LIMIT 1")).isEqualTo(sender);
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE status = 'QUEUED'")).isEqualTo(2);
        }
        try (Connection c = connectAs(sender); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO invitation (email_norm, email, status) VALUES ('z@b.example', 'z@b.example', 'QUEUED')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE invitation_batch SET created_by = 'someone else'")).hasMessageContaining("permission denied");
            // withdrawing goes through the database's check too: nothing delivered yet, so nothing withdrawn, and no refusal
            var rs = st.executeQuery("SELECT invite_withdraw('ann@x.com', 'someone else')");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        // the function checks 390 itself: a login with the send role but no permission is refused by PostgreSQL
        String stranger = "stranger_" + ProcessHandle.current().pid();
        try (Database db = Database.open(url, "postgres", null, 1)) {
            TestPostgres.exec(db, "CREATE ROLE " + stranger + " LOGIN IN ROLE invite_desk_send");
        }
        try (Connection c = connectAs(stranger); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM invite_queue_batch('demo', 1, NULL, NULL, NULL, NULL, NULL, false, false, false, true, '', 1, "
                    + "'a@b.example', now(), NULL, NULL)")).hasMessageContaining("User '" + stranger + "' lacks permission 390");
        }
    }

    long one(String sql) {
        try (Database db = Database.open(url, "postgres", null, 1)) {
            return TestPostgres.queryLong(db, sql);
        }
    }

    String text(String sql) {
        try (Database db = Database.open(url, "postgres", null, 1)) {
            return TestPostgres.queryString(db, sql);
        }
    }

    /**
     * Sending itself goes through the database's functions: a person's own login sends a batch end
     * to end (runner, claims, marks, settlement, the batch's status) and retries a failure, a
     * sender service's login runs a queued batch, and each decision records the login. What a
     * login's roles do not give, PostgreSQL refuses.
     */
    @Test
    void sendingLoginsDriveTheEngineOnlyThroughTheFunctions() throws Exception {
        String sender = "sender_" + ProcessHandle.current().pid();
        String service = "svc_" + ProcessHandle.current().pid();
        String stranger = "nosend_" + ProcessHandle.current().pid();
        String looker = "looker_" + ProcessHandle.current().pid();
        assertThat(as("postgres", "grant", sender, "--permission", "390")).as(err()).isZero();
        assertThat(as("postgres", "grant", service, "--service")).as(err()).isZero();
        assertThat(out()).contains("\"service\":true").contains("390");
        assertThat(as("postgres", "grant", looker)).as(err()).isZero();
        String port = String.valueOf(com.icegreen.greenmail.util.ServerSetupTest.SMTP.getPort());
        com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP);
        mail.start();
        long queued;
        try {
            assertThat(as(sender, "--smtp-host", "127.0.0.1", "--smtp-port", port,
                    "send", "--division", "D1", "--template", "Standard", "--from", "one@division.example")).as(err()).isZero();
            assertThat(mail.getReceivedMessages()).hasSize(2);
            long batch = one("SELECT max(id) FROM invitation_batch");
            assertThat(text("SELECT status || ' ' || created_by FROM invitation_batch WHERE id = " + batch)).isEqualTo("DONE " + sender);
            assertThat(one("SELECT count(*) FROM invitation WHERE batch_id = " + batch + " AND status = 'SENT'")).isEqualTo(2);
            assertThat(one("SELECT count(*) FROM send_runner") + one("SELECT count(*) FROM send_slot")).as("settled").isZero();

            // a failure retried by the person: the decision is recorded as their login
            try (Database db = Database.open(url, "postgres", null, 1)) {
                TestPostgres.exec(db, "UPDATE invitation SET status = 'FAILED', last_error = '421 busy' WHERE id = (SELECT min(id) FROM invitation WHERE batch_id = "
                        + batch + ")");
            }
            assertThat(as(sender, "--smtp-host", "127.0.0.1", "--smtp-port", port, "retry-failed", String.valueOf(batch))).as(err()).isZero();
            assertThat(mail.getReceivedMessages()).hasSize(3);
            assertThat(text("SELECT decision || ' ' || rows || ' ' || made_by || ' ' || db_login FROM batch_decision WHERE batch_id = " + batch))
                    .isEqualTo("RETRY_FAILED 1 " + sender + " " + sender);

            // queued by the person, sent by the sender service's login
            try (Database db = Database.open(url, "postgres", null, 1)) {
                TestPostgres.exec(db, "UPDATE invitation SET status = 'WITHDRAWN' WHERE batch_id = " + batch); // its two may be invited again
            }
            out.reset();
            assertThat(as(sender, "send", "--division", "D1", "--template", "Standard", "--from", "one@division.example", "--background"))
                    .as(err()).isZero();
            assertThat(out()).contains("\"queued\":2");
            queued = one("SELECT max(id) FROM invitation_batch");
            assertThat(as(service, "--smtp-host", "127.0.0.1", "--smtp-port", port, "resume", String.valueOf(queued))).as(err()).isZero();
            assertThat(mail.getReceivedMessages()).hasSize(5);
            assertThat(text("SELECT status FROM invitation_batch WHERE id = " + queued)).isEqualTo("DONE");
        } finally {
            mail.stop();
        }

        try (Database db = Database.open(url, "postgres", null, 1)) {
            TestPostgres.exec(db, "CREATE ROLE " + stranger + " LOGIN IN ROLE invite_desk_send");
        }
        try (Connection c = connectAs(looker); Statement st = c.createStatement()) {
            for (String call : List.of("invite_register_runner('WINDOW', 'h', 1, NULL)", "invite_claim(1, 1, 10, ARRAY['x'])",
                    "invite_hand(1, ARRAY[0], ARRAY[1]::bigint[], ARRAY[NULL]::bigint[], ARRAY[NULL]::bigint[])",
                    "invite_settle_runner(1, 1)", "invite_set_batch_status(1, 'DONE', NULL, NULL)", "invite_lock_batch(1)",
                    "invite_retry_failed('demo', 1, true)", "invite_resume_batch('demo', 1)", "invite_request_pause('demo', 1)",
                    "invite_mark_in_doubt_sent('demo', 1)", "invite_reserve_quota(1, 'r', 1, 1, now())")) {
                assertThatThrownBy(() -> st.executeQuery("SELECT * FROM " + call)).as(call).hasMessageContaining("permission denied");
            }
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM send_slot")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE send_runner SET seen_at = now()")).hasMessageContaining("permission denied");
        }
        try (Connection c = connectAs(service); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_retry_failed('" + service + "', 1, true)"))
                    .as("decisions are a person's").hasMessageContaining("permission denied");
        }
        try (Connection c = connectAs(stranger); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_register_runner('WINDOW', 'h', 1, 'demo')"))
                    .hasMessageContaining("User '" + stranger + "' lacks permission 390");
        }
        // a runner is written only by the login that registered it; a live one is settled by nobody else
        try (Connection svc = connectAs(service); Statement s1 = svc.createStatement();
             Connection person = connectAs(sender); Statement s2 = person.createStatement()) {
            var rs = s1.executeQuery("SELECT invite_register_runner('SERVICE', 'h', 1, NULL)");
            rs.next();
            long runner = rs.getLong(1);
            assertThatThrownBy(() -> s2.executeQuery("SELECT invite_runner_heartbeat(" + runner + ")"))
                    .hasMessageContaining("belongs to the database login " + service);
            assertThatThrownBy(() -> s2.executeQuery("SELECT * FROM invite_claim(" + runner + ", 1, 10, ARRAY['x'])"))
                    .hasMessageContaining("belongs to the database login " + service);
            var settled = s2.executeQuery("SELECT invite_settle_runner(" + runner + ", 1)");
            settled.next();
            assertThat(settled.getBoolean(1)).as("alive: its session holds its lock").isFalse();
            svc.close(); // its session ends: now it is dead, and anyone who may send settles it
            // (the server lets go of the ended session's lock a moment after the client closes)
            org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> {
                try (var r = s2.executeQuery("SELECT invite_settle_runner(" + runner + ", 1)")) {
                    r.next();
                    return r.getBoolean(1);
                }
            });
        }
        assertThat(one("SELECT count(*) FROM send_runner")).isZero();

        // what a sending login may not do through the functions, even with psql
        try (Database db = Database.open(url, "postgres", null, 1)) {
            TestPostgres.exec(db, "UPDATE invitation SET status = 'QUEUED', claimed_by = NULL WHERE batch_id = " + queued,
                    "UPDATE invitation_batch SET status = 'PAUSED' WHERE id = " + queued);
        }
        try (Connection person = connectAs(sender); Statement st = person.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_register_runner('SERVICE', 'h', 1, NULL)"))
                    .as("a person is not a sender service").hasMessageContaining("is not a sender service's");
            var rs = st.executeQuery("SELECT invite_register_runner('COMMAND', 'h', 1, NULL)");
            rs.next();
            long runner = rs.getLong(1);
            rs = st.executeQuery("SELECT count(*) FROM invite_claim(" + runner + ", " + queued + ", 10, ARRAY['a', 'b'])");
            rs.next();
            assertThat(rs.getLong(1)).as("no claims from a batch the runner has not taken up").isZero();
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_set_batch_status(" + queued + ", 'DONE', NULL, NULL)"))
                    .hasMessageContaining("still has invitations to send");
            assertThatThrownBy(() -> st.executeQuery("SELECT invite_set_batch_status(" + queued + ", 'SENDING', NULL, NULL)"))
                    .hasMessageContaining("only by a runner that takes it up");
            st.executeQuery("SELECT invite_settle_runner(" + runner + ", 0)").close();
        }
        assertThat(one("SELECT count(*) FROM invitation WHERE status = 'QUEUED' AND batch_id = " + queued)).isEqualTo(2);
    }

    @Test
    void grantGivesTheRolesAndPermissionsAskedFor() throws Exception {
        assertThat(as("postgres", "grant", SEND, "--permission", "390", "--permission", "120")).as(err()).isZero();
        try (Database db = Database.open(url, "postgres", null, 1)) {
            assertThat(TestPostgres.queryString(db, "SELECT pg_has_role('" + SEND + "', 'invite_desk_send', 'MEMBER')::text")).isEqualTo("true");
            assertThat(TestPostgres.queryString(db, "SELECT pg_has_role('" + SEND + "', 'invite_desk_templates', 'MEMBER')::text")).isEqualTo("true");
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM user_permission p JOIN app_user u ON u.id = p.user_id WHERE u.login = '"
                    + SEND + "'")).isEqualTo(2);
        }
        // with 120, the login saves a template through the database's function, recorded as itself
        try (Connection c = connectAs(SEND); Statement st = c.createStatement()) {
            st.executeQuery("SELECT invite_save_template('someone else', 'k-" + SEND + "', 1, 'By " + SEND + "', 's', 'h', 't', true)").close();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE notification_template SET name = 'x'")).hasMessageContaining("permission denied");
        }
        try (Database db = Database.open(url, "postgres", null, 1)) {
            assertThat(TestPostgres.queryString(db, "SELECT changed_by FROM notification_template WHERE template_key = 'k-" + SEND + "'"))
                    .isEqualTo(SEND);
        }
        out.reset();
        assertThat(as("postgres", "grant", SEND)).as("again: nothing is doubled").isZero();
        assertThat(out()).contains("\"role\":\"existing\"");
        err.reset();
        assertThat(as("postgres", "grant", "Robert'); DROP TABLE contact; --")).isNotZero();
        assertThat(err()).contains("is not a login name").doesNotContain("Exception");
        err.reset();
        assertThat(as("postgres", "grant", SEND, "--permission", "999")).isNotZero();
        assertThat(err()).contains("the permissions are 390 (send) and 120 (templates)");
    }
}

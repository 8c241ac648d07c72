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
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM invite_queue_batch('x', 1, '', 1, 'a@b.example', now(), NULL, NULL, "
                    + "false, 0, ARRAY[1]::bigint[], ARRAY['a@b.example'], ARRAY['a@b.example'])")).as("the queueing function").hasMessageContaining("permission denied");
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
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM invite_queue_batch('demo', 1, '', 1, 'a@b.example', now(), NULL, NULL, "
                    + "true, 0, ARRAY[]::bigint[], ARRAY[]::text[], ARRAY[]::text[])")).hasMessageContaining("User '" + stranger + "' lacks permission 390");
        }
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

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

import static org.assertj.core.api.Assertions.assertThat;

/** A database that will not take changes: one clear line, exit 1, nothing half-done. */
class DatabaseRightsTest {
    String url;
    String name;
    Database db;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr, oldOut;

    @BeforeEach
    void setUp() {
        url = TestPostgres.newDatabaseUrl();
        name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        db = Database.open(url, "postgres", null, 2);
        db.migrate();
        Fixture.load(db);
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setErr(oldErr);
        System.setOut(oldOut);
        TestPostgres.exec(db, "ALTER DATABASE " + name + " RESET default_transaction_read_only");
        db.close();
    }

    int send(String dbUser) {
        // zonky's URL names the user (?user=postgres); without it --db-user decides. A login that
        // may write the tables acts as --user; one that may not is signed in as itself.
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--db-url", url.replaceAll("\\?.*", ""), "--db-user", dbUser));
        if (dbUser.equals("postgres")) args.addAll(java.util.List.of("--user", "demo"));
        args.addAll(java.util.List.of("--smtp-host", "127.0.0.1", "--smtp-port", "1",
                "send", "--division", "D1", "--template", "Standard", "--from", "one@division.example"));
        return org.invitedesk.support.TestApp.commandLine().execute(args.toArray(String[]::new));
    }

    String err() { return err.toString(StandardCharsets.UTF_8).trim(); }

    @Test
    void aDatabaseUserWithoutWriteRightsGetsOneLineSayingWhatToAsk() {
        String role = "ro_" + name;
        TestPostgres.exec(db, "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
                // an Invite Desk user with permission 390 whose database login may only read: PostgreSQL refuses the write
                "INSERT INTO app_user (login, full_name) VALUES ('" + role + "', 'Read Only')",
                "INSERT INTO user_permission (user_id, permission_id) SELECT id, 390 FROM app_user WHERE login = '" + role + "'");
        assertThat(send(role)).as("refused a right, like the app's own refusals").isEqualTo(2);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).contains("permission denied").contains("needs more rights").contains("Nothing was changed")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation_batch")).isZero();
    }

    @Test
    void aReadOnlyDatabaseGetsOneLineAndNothingIsQueued() {
        TestPostgres.exec(db, "ALTER DATABASE " + name + " SET default_transaction_read_only = on");
        assertThat(send("postgres")).isEqualTo(1);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).contains("read-only").contains("Nothing was changed").doesNotContain("Exception");
        TestPostgres.exec(db, "ALTER DATABASE " + name + " RESET default_transaction_read_only");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation_batch")).isZero();
    }
}

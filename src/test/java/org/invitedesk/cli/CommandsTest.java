package org.invitedesk.cli;

import org.invitedesk.data.Database;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The headless commands: output, exit codes (0 ok, 2 bad input, 1 failure), no stack traces, no passwords. */
class CommandsTest {
    static String url;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut, oldErr;

    @BeforeAll
    static void db() {
        url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
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

    int run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--db-url";
        all[1] = url;
        all[2] = "--db-user";
        all[3] = "postgres";
        System.arraycopy(args, 0, all, 4, args.length);
        return org.invitedesk.support.TestApp.commandLine().execute(all);
    }

    String out() { return out.toString(StandardCharsets.UTF_8).trim(); }
    String err() { return err.toString(StandardCharsets.UTF_8).trim(); }

    /** send --background and --at queue without sending (a sender service takes them up); a passed --at and a bad --rate are refused. */
    @Test
    void sendInTheBackgroundOrAtATimeOnlyQueues() {
        String at = java.time.LocalDateTime.now().plusDays(1).withNano(0).toString();
        assertThat(run("--user", "demo", "send", "--division", "D2", "--template", "Standard", "--from", "two@division.example", "--at", at))
                .as(err()).isZero();
        assertThat(out()).matches("\\{\"batchId\":\\d+,\"queued\":2,\"skipped\":0,\"status\":\"SCHEDULED\"}");
        out.reset();
        assertThat(run("batches", "--limit", "1")).isZero();
        assertThat(out()).contains("\"status\":\"SCHEDULED\"").contains("Scheduled for");
        out.reset();
        err.reset();
        assertThat(run("--user", "demo", "send", "--division", "D2", "--template", "Standard", "--from", "two@division.example",
                "--at", "2020-01-01T08:00")).isEqualTo(2);
        assertThat(err()).contains("has passed").doesNotContain("Exception");
        err.reset();
        assertThat(run("--user", "demo", "send", "--division", "D2", "--template", "Standard", "--from", "two@division.example",
                "--rate", "fast")).isEqualTo(2);
        assertThat(err()).contains("--rate must be 0 (no limit), a number of messages a second (5) or a minute (30/min)");
        err.reset();
        // a dry run refuses the same options the send would
        assertThat(run("--user", "demo", "send", "--division", "D2", "--template", "Standard", "--from", "two@division.example",
                "--dry-run", "--connections", "-3")).isEqualTo(2);
        assertThat(err()).isEqualTo("--connections must be from 1 to 32.");
        err.reset();
        // D2's two addresses wait in the scheduled batch, so nobody is left to receive: a background send queues nothing
        assertThat(run("--user", "demo", "send", "--division", "D2", "--template", "Standard", "--from", "two@division.example", "--background",
                "--include-invited")).as(err()).isZero();
        assertThat(out()).endsWith("\"queued\":0,\"skipped\":0,\"status\":\"DONE\"}");
    }

    @Test
    void divisionsPrintsJson() {
        assertThat(run("divisions")).isZero();
        assertThat(out()).isEqualTo("[{\"code\":\"D1\",\"name\":\"Division One\",\"email\":\"one@division.example\"},"
                + "{\"code\":\"D2\",\"name\":\"Division Two\",\"email\":\"two@division.example\"}]");
    }

    @Test
    void countsPrintsTheGroupsThatAddUp() {
        assertThat(run("counts", "--division", "D1")).isZero();
        assertThat(out()).isEqualTo("{\"contacts\":10,\"notInvited\":4,\"invitedNotAccepted\":2,\"hasPortalAccount\":2,\"noValidEmail\":2,\"waitingInBatch\":0,\"willReceive\":2}");
        out.reset();
        assertThat(run("counts", "--division", "D1", "--include-invited", "--billing-contacts")).isZero();
        assertThat(out()).contains("\"contacts\":4");
    }

    @Test
    void detailsPrintsCsvWithAHeader() {
        assertThat(run("details", "--division", "D1", "--group", "WILL_RECEIVE")).as(err()).isZero();
        assertThat(out().lines()).hasSize(3).first().asString().startsWith("account_number,account_name");
    }

    @Test
    void unknownCodesExitTwoWithOneLine() {
        assertThat(run("counts", "--division", "NOPE")).isEqualTo(2);
        assertThat(err()).isEqualTo("Unknown division 'NOPE'. Run `divisions` to list the valid codes.");
        err.reset();
        assertThat(run("counts", "--division", "D1", "--bill-group", "ZZ")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1);
        err.reset();
        assertThat(run("details", "--division", "D1", "--group", "EVERYONE")).isEqualTo(2);
        assertThat(err()).contains("Unknown group");
    }

    /** Every command has its own help; the global options may follow the command; a refused command line says where its options are. */
    @Test
    void everyCommandHasHelpAndAMistypedLineSaysWhereToLook() {
        assertThat(run("send", "--help")).isZero();
        assertThat(out()).contains("Usage: invite-desk send").contains("--division=CODE").contains("--rate");
        out.reset();
        assertThat(run("help", "counts")).isZero();
        assertThat(out()).contains("Usage: invite-desk counts");
        assertThat(run("send", "--division", "D1", "--template", "Standard", "--from", "x@division.example", "--user", "viewer")).isNotZero();
        assertThat(err()).as("--user after the command").contains("390");
        err.reset();
        assertThat(run("resume", "abc")).isEqualTo(2);
        assertThat(err()).isEqualTo("Invalid value for BATCH_ID: 'abc' is not a whole number. Run `resume --help` for its options.");
        err.reset();
        assertThat(run("send", "--divison", "D1", "--template", "Standard", "--from", "x@division.example")).isEqualTo(2);
        assertThat(err()).isEqualTo("Unknown option '--divison' for `send`. Run `send --help` for its options.");
        err.reset();
        assertThat(run("counts", "--division", "D1", "--bogus")).isEqualTo(2);
        assertThat(err()).isEqualTo("`counts` does not know '--bogus'. Run `counts --help` for its options.");
    }

    @Test
    void aUserWithoutPermissionCannotSendFromTheCommandLine() {
        assertThat(run("--user", "viewer", "send", "--division", "D1", "--template", "Standard", "--from", "x@division.example")).isNotZero();
        assertThat(err()).contains("390");
    }

    @Test
    void badFromIsRejectedBeforeAnythingIsQueued() {
        assertThat(run("--user", "demo", "send", "--division", "D1", "--template", "Standard", "--from", "a@b.com\nBcc: c@d.com")).isEqualTo(2);
        assertThat(err()).startsWith("Email From:").doesNotContain("Exception");
    }

    @Test
    void anUnreachableDatabaseExitsOneNamingHostAndPortButNotThePassword() {
        int code = org.invitedesk.support.TestApp.commandLine().execute("--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--db-password",
                "s3cret-pw", "divisions");
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("127.0.0.1:1").doesNotContain("s3cret-pw").doesNotContain("\tat ");
        assertThat(err().lines()).hasSize(1);
    }

    /** For a site that loads with its triggers off: the difference is found (exit 1), repaired (exit 0), then gone. */
    @Test
    void checkCountsFindsAStaleCopyAndRepairsIt() {
        String own = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(own, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
            TestPostgres.exec(db, "UPDATE contact SET address_state = 2 WHERE id IN (1, 2)", "UPDATE contact SET division_id = 2 WHERE id = 5");
        }
        String[] base = {"--db-url", own, "--db-user", "postgres", "check-counts"};
        assertThat(org.invitedesk.support.TestApp.commandLine().execute(base)).isEqualTo(1);
        assertThat(out()).contains("\"contact.address_state\":2").contains("\"contact account columns\":1");
        assertThat(err()).contains("3 row(s) differ").contains("--repair");
        assertThat(org.invitedesk.support.TestApp.commandLine().execute(base[0], base[1], base[2], base[3], base[4], "--repair")).isZero();
        assertThat(err()).contains("Repaired 3 row(s)");
        assertThat(org.invitedesk.support.TestApp.commandLine().execute(base)).isZero();
        assertThat(err()).contains("Every copy agrees");
    }
}

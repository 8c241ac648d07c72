package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestApp;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a billing system writing the tables itself can do (integration.md): every way of writing
 * an acceptance, a portal account or a purge gives the same counts, addresses are normalised by
 * the database, and what would silently drop rows from the counts is refused with a clear error.
 */
class IntegrationRulesTest {
    static Database db;
    static InviteService invites;

    @BeforeAll
    static void load() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        invites = TestApp.get(db, InviteService.class);
    }

    @AfterAll
    static void close() { db.close(); }

    static Counts d1() { return invites.counts(InviteFilter.forDivision("D1")); }

    /** The address state the counts read: 0 none, 1 sent, 2 waiting, 3 portal, 4 undeliverable. */
    static String status(String email) {
        return TestPostgres.queryString(db, "SELECT address_state::text FROM contact WHERE email_norm = '" + email + "' LIMIT 1");
    }

    @Test
    void anAcceptanceIsTheStatusAcceptedHoweverItIsWritten() {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Ada', 'ada@new.example'), (1, 'Ben', 'ben@new.example')",
                "INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('ada@new.example', 'ada@new.example', 'SENT', now()), "
                        + "('ben@new.example', 'ben@new.example', 'SENT', now())");
        // the status alone: accepted, and the database fills the date
        TestPostgres.exec(db, "UPDATE invitation SET status = 'ACCEPTED' WHERE email_norm = 'ada@new.example'");
        assertThat(status("ada@new.example")).isEqualTo("3");
        assertThat(TestPostgres.queryString(db, "SELECT (accepted_at IS NOT NULL)::text FROM invitation WHERE email_norm = 'ada@new.example'"))
                .isEqualTo("true");
        // a date alone is not an acceptance
        TestPostgres.exec(db, "UPDATE invitation SET accepted_at = now() WHERE email_norm = 'ben@new.example'");
        assertThat(status("ben@new.example")).isEqualTo("1");
        assertThat(d1()).isEqualTo(CountsStayCurrentTest.reference(db, "D1", null, false, false, false, false));
    }

    @Test
    void deletesAndMovesOfPortalAccountsAndInvitationsAreFollowed() {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Cy', 'cy@new.example'), (1, 'Di', 'di@new.example'), "
                        + "(1, 'Ed', 'ed@new.example')",
                "INSERT INTO portal_account (email) VALUES ('cy@new.example')",
                "INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('ed@new.example', 'ed@new.example', 'SENT', now())");
        assertThat(status("cy@new.example")).isEqualTo("3");
        TestPostgres.exec(db, "UPDATE portal_account SET email = 'di@new.example' WHERE email_norm = 'cy@new.example'");
        assertThat(status("cy@new.example")).isEqualTo("0");
        assertThat(status("di@new.example")).isEqualTo("3");
        TestPostgres.exec(db, "DELETE FROM portal_account WHERE email_norm = 'di@new.example'");
        assertThat(status("di@new.example")).isEqualTo("0");
        assertThat(status("ed@new.example")).isEqualTo("1");
        TestPostgres.exec(db, "DELETE FROM invitation WHERE email_norm = 'ed@new.example'");
        assertThat(status("ed@new.example")).isEqualTo("0");
        assertThat(d1()).isEqualTo(CountsStayCurrentTest.reference(db, "D1", null, false, false, false, false));
    }

    @Test
    void addressesWrittenInAnyCaseOrWithSpacesAreNormalisedByTheDatabase() {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Flo', 'flo@new.example'), (1, 'Gus', 'gus@new.example')",
                "INSERT INTO portal_account (email) VALUES ('  Flo@NEW.example ')",
                "INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('Gus@New.Example', ' GUS@new.example', 'SENT', now())");
        assertThat(TestPostgres.queryString(db, "SELECT email_norm FROM portal_account WHERE email ILIKE '%flo%'")).isEqualTo("flo@new.example");
        assertThat(status("flo@new.example")).isEqualTo("3");
        assertThat(status("gus@new.example")).isEqualTo("1");
    }

    @Test
    void anAccountWhoseLookupsBelongToAnotherDivisionIsRefusedWithTheRuleInTheMessage() {
        Throwable e = catchThrowable(() -> TestPostgres.exec(db, "UPDATE account SET division_id = 2 WHERE id = 1"));
        assertThat(e).hasStackTraceContaining("account_class_must_belong_to_the_accounts_division");
        // moved with its lookups and its sites' sources, in one transaction: accepted
        TestPostgres.exec(db, "BEGIN", "UPDATE site SET site_source_id = NULL WHERE account_id = 2",
                "UPDATE account SET division_id = 2, account_class_id = 3, bill_group_id = NULL, account_source_id = NULL WHERE id = 2", "COMMIT");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact WHERE account_id = 2 AND division_id = 2")).isEqualTo(2);
        assertThat(TestPostgres.queryLong(db, "SELECT sum(wrong) FROM invite_check_counts(false)")).isZero();
    }

    @Test
    void aDatabaseUserThatMayNotCreateTablesIsToldWhichRightItNeeds() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN CREATE ROLE no_create LOGIN PASSWORD 'pw'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        try (Database weak = Database.open(url.replaceAll("\\?.*", ""), "no_create", "pw", 2)) {
            assertThatThrownBy(weak::migrate).isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("permission denied").hasMessageContaining("GRANT CREATE ON SCHEMA public")
                    .hasMessageNotContaining("fresh database").hasMessageNotContaining("pw");
        }
    }
}

package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.support.TestApp;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's bulk load only goes into empty tables, and leaves nothing for check-counts to correct. */
class DemoDataTest {
    static Database db;

    @BeforeAll
    static void start() { db = TestPostgres.freshDatabase(); }

    @AfterAll
    static void close() { db.close(); }

    @Test
    void refusesADatabaseHoldingPortalAccountsAndChangesNothing() {
        TestPostgres.exec(db, "INSERT INTO portal_account (email) VALUES ('someone@portal.example')");
        DemoDataService demo = TestApp.get(db, DemoDataService.class);
        assertThatThrownBy(() -> demo.load(50, 3)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("already holds").hasMessageContaining("portal accounts");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM account")).isZero();
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM portal_account")).isEqualTo(1);
        assertThat(TestPostgres.queryString(db, "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'portal_insert_status'")).isEqualTo("O");

        TestPostgres.exec(db, "DELETE FROM portal_account", "DELETE FROM email_status");
        demo.load(50, 3);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM account")).isEqualTo(50);
        assertThat(TestPostgres.queryLong(db, "SELECT coalesce(sum(wrong), 0) FROM invite_check_counts(false)")).isZero();
        // every contact's address has its status row, as the triggers would have made it
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact c WHERE c.email_norm IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM email_status s WHERE s.email_norm = c.email_norm)")).isZero();

        // a billing system's reload: every service and site removed at once, then some back
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact WHERE service_periods <> '{}'")).isPositive();
        TestPostgres.exec(db, "TRUNCATE service, site",
                "INSERT INTO service (account_id, description, start_date) VALUES (1, 'reloaded', current_date - 1)");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact WHERE service_periods <> '{}' OR site_source_ids <> '{}'"))
                .isEqualTo(TestPostgres.queryLong(db, "SELECT count(*) FROM contact WHERE account_id = 1"));
        assertThat(TestPostgres.queryLong(db, "SELECT coalesce(sum(wrong), 0) FROM invite_check_counts(false)")).isZero();
    }
}

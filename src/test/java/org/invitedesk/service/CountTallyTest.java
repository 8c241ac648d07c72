package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.MovableClock;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts' tally (V23, R__count_tally.sql) beyond what CountsUnderConcurrencyTest and
 * CountsStayCurrentTest prove through the counts: its daily step for "Active service", the
 * folding of its deltas, and check-counts' check and repair of it, each with a writer's
 * transaction held open on another connection where that matters.
 */
class CountTallyTest {
    static Database db;

    @BeforeAll
    static void load() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
    }

    @AfterAll
    static void close() { db.close(); }

    /** Reference: contacts of open accounts of D1 with a service running on {@code day}, from the source tables. */
    static Counts activeOn(LocalDate day) {
        return CountsStayCurrentTest.referenceWith(db, "D1", "EXISTS (SELECT 1 FROM service sv WHERE sv.account_id = a.id "
                + "AND sv.start_date <= DATE '" + day + "' AND (sv.end_date IS NULL OR sv.end_date > DATE '" + day + "'))", false);
    }

    static LocalDate tallyDay() { return LocalDate.parse(TestPostgres.queryString(db, "SELECT day::text FROM count_day")); }

    static long tallyWrong() {
        return TestPostgres.queryLong(db, "SELECT wrong FROM invite_check_counts(false) WHERE copy = 'count_tally'");
    }

    @Test
    void activeServiceOnANewDayMovesTheTallyThereUnlessAWriterHoldsIt() throws Exception {
        MovableClock clock = new MovableClock(ZoneId.systemDefault());
        InviteService invites = new InviteService(db.db(), clock);
        InviteFilter active = InviteFilter.forDivision("D1").withActiveService(true);
        LocalDate today = invites.today();
        assertThat(invites.counts(active)).isEqualTo(activeOn(today));
        assertThat(tallyDay()).isEqualTo(today);

        // tomorrow A3's service starts (and A2's is long over): the counts follow the date
        clock.advance(Duration.ofDays(1));
        LocalDate tomorrow = today.plusDays(1);
        assertThat(activeOn(tomorrow)).as("the fixture's services differ between the two days").isNotEqualTo(activeOn(today));

        try (Connection a = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.execute("UPDATE contact SET first_name = 'Held' WHERE id = 5"); // a writer of contacts, still open
            }
            // the day cannot move while a writer holds it: counted from the contact rows, still exact
            assertThat(invites.tallyServes(invites.resolve(active))).isFalse();
            assertThat(invites.counts(active)).isEqualTo(activeOn(tomorrow));
            assertThat(tallyDay()).isEqualTo(today);
            a.commit();
        }
        assertThat(invites.counts(active)).isEqualTo(activeOn(tomorrow));
        assertThat(tallyDay()).isEqualTo(tomorrow);
        assertThat(tallyWrong()).isZero();

        // a computer whose date is behind the tally's counts from the contact rows, and moves nothing back
        InviteService behind = new InviteService(db.db(), java.time.Clock.systemDefaultZone());
        assertThat(behind.tallyServes(behind.resolve(active))).isFalse();
        assertThat(behind.counts(active)).isEqualTo(activeOn(today));
        assertThat(tallyDay()).isEqualTo(tomorrow);

        // and the tally stays right for writes made on the new day
        TestPostgres.exec(db, "INSERT INTO service (account_id, description, start_date) VALUES (2, 'again', current_date)");
        assertThat(invites.counts(active)).isEqualTo(activeOn(tomorrow));
        assertThat(tallyWrong()).isZero();
        TestPostgres.exec(db, "SELECT count_tally_rebuild()"); // back to the server's date
    }

    @Test
    void theDayNeverMovesBeyondTheServersTomorrowAndARepeatableReadWriterFromBeforeAStepIsRefused() throws Exception {
        LocalDate day = tallyDay();
        assertThat(TestPostgres.queryString(db, "SELECT invite_count_day_advance(current_date + 30)::text")).isEqualTo("false");
        assertThat(tallyDay()).isEqualTo(day);

        // a writer whose snapshot predates the daily step would key its deltas by the old day: it gets a
        // serialisation error to retry instead, and the tally stays right
        try (Connection a = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = a.createStatement()) {
                st.execute("SELECT count(*) FROM contact"); // the snapshot
                TestPostgres.exec(db, "SELECT invite_count_day_advance(current_date + 1)");
                assertThat(tallyDay()).isEqualTo(LocalDate.parse(TestPostgres.queryString(db, "SELECT (current_date + 1)::text")));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("UPDATE contact SET first_name = 'Late' WHERE id = 2"))
                        .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));
            }
            a.rollback();
        }
        assertThat(tallyWrong()).isZero();
        TestPostgres.exec(db, "SELECT count_tally_rebuild()"); // back to the server's date
        assertThat(tallyDay()).isEqualTo(LocalDate.parse(TestPostgres.queryString(db, "SELECT current_date::text")));
        assertThat(tallyWrong()).isZero();
    }

    @Test
    void foldingTheDeltasKeepsEveryCountAndLeavesAnOpenWritersDeltasAlone() throws Exception {
        InviteService invites = TestApp.get(db);
        InviteFilter d1 = InviteFilter.forDivision("D1");
        long division = TestPostgres.queryLong(db, "SELECT id FROM division WHERE code = 'D1'");
        // many deltas: every change of an address's state or an account's balance writes some
        for (int i = 0; i < 5; i++) {
            TestPostgres.exec(db, "UPDATE account SET balance_due = " + (i % 2) + " WHERE id IN (1, 3, 5)",
                    "UPDATE contact SET is_billing = NOT is_billing WHERE id = 6");
        }
        Counts before = invites.counts(d1);
        long rows = TestPostgres.queryLong(db, "SELECT count(*) FROM count_tally WHERE division_id = " + division);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM count_tally WHERE division_id = " + division + " AND NOT settled"))
                .isPositive();

        try (Connection a = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.execute("INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Open', 'open-writer@new.example')");
            }
            assertThat(invites.settleTally(division)).isEqualTo(rows); // what is committed; the open writer's delta is not visible
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM count_tally WHERE division_id = " + division + " AND NOT settled"))
                    .isZero();
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM count_tally WHERE division_id = " + division)).isLessThan(rows);
            assertThat(invites.counts(d1)).isEqualTo(before);
            a.commit();
        }
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM count_tally WHERE division_id = " + division + " AND NOT settled"))
                .as("the writer's delta, committed after the fold").isPositive();
        assertThat(invites.counts(d1)).isEqualTo(CountsStayCurrentTest.reference(db, "D1", null, false, false, false, false));
        assertThat(invites.counts(d1).contacts()).isEqualTo(before.contacts() + 1);
        assertThat(tallyWrong()).isZero();
    }

    @Test
    void aRebuildWhileAFoldIsUncommittedCountsEveryContactOnce() throws Exception {
        long division = TestPostgres.queryLong(db, "SELECT id FROM division WHERE code = 'D1'");
        TestPostgres.exec(db, "UPDATE account SET balance_due = balance_due + 1 WHERE id IN (1, 3)"); // some deltas to fold
        try (Connection a = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.execute("SELECT invite_count_tally_settle(" + division + ")");
            }
            java.util.concurrent.CompletableFuture<Void> rebuild = java.util.concurrent.CompletableFuture.runAsync(
                    () -> TestPostgres.exec(db, "SELECT count_tally_rebuild()"));
            // the rebuild waits for the fold's lock on the tally, then reads what it committed
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!rebuild.isDone() && TestPostgres.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%count_tally_rebuild%'") == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(rebuild).as("the rebuild waits for the fold").isNotDone();
            a.commit();
            rebuild.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(tallyWrong()).isZero();
    }

    @Test
    void checkCountsFindsAndRepairsAWrongTally() {
        InviteService invites = TestApp.get(db);
        TestPostgres.exec(db, "DELETE FROM count_tally WHERE address_state = 0");
        assertThat(tallyWrong()).isPositive();
        assertThat(TestPostgres.queryLong(db, "SELECT sum(wrong) FROM invite_check_counts(true) WHERE copy = 'count_tally'")).isPositive();
        assertThat(tallyWrong()).isZero();
        assertThat(invites.counts(InviteFilter.forDivision("D1")))
                .isEqualTo(CountsStayCurrentTest.reference(db, "D1", null, false, false, false, false));
    }

    /** TestApp's InviteService for this database. */
    private static final class TestApp {
        static InviteService get(Database db) { return org.invitedesk.support.TestApp.get(db, InviteService.class); }
    }
}

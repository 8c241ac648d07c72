package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestApp;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sessions writing at once (READ COMMITTED, as the billing system and Invite Desk do): one
 * holds its transaction open on one connection while another writes on a second. Both must
 * succeed (waiting is fine; an error is not), and the copies the counts read must equal what a
 * serial order gives: the counts agree with the reference read from the source tables.
 */
class CountsUnderConcurrencyTest {
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

    /**
     * Runs {@code first} in a transaction left open on connection A, then {@code second} on
     * connection B in another thread; once B waits for a lock (or has finished), A commits. B
     * must then finish without error.
     */
    static void race(String[] first, String[] second) throws Exception {
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            exec(a, first);
            int bPid = pid(b);
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    exec(b, second);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!other.isDone() && !waitsForALock(bPid) && System.nanoTime() < deadline) Thread.onSpinWait();
            a.commit();
            other.get(10, TimeUnit.SECONDS);
        }
    }

    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static boolean waitsForALock(int pid) {
        return TestPostgres.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event_type = 'Lock'") > 0;
    }

    static boolean flag(String condition, String email) {
        return "true".equals(TestPostgres.queryString(db, "SELECT bool_and(" + condition + ")::text FROM contact WHERE email_norm = '" + email + "'"));
    }

    static void countsAgree() {
        for (String d : new String[]{"D1", "D2"}) {
            assertThat(invites.counts(InviteFilter.forDivision(d))).as(d)
                    .isEqualTo(CountsStayCurrentTest.reference(db, d, null, false, false, false, false));
            assertThat(invites.counts(InviteFilter.forDivision(d).withIncludeInvited(true))).as(d + " with invited")
                    .isEqualTo(CountsStayCurrentTest.reference(db, d, null, false, false, false, true));
        }
        assertThat(TestPostgres.queryLong(db, "SELECT sum(wrong) FROM invite_check_counts(false)")).as("copies that differ").isZero();
    }

    @Test
    void twoContactsGivenOneNewAddressAtOnceAreBothMarkedShared() throws Exception {
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Tess', 'twin@new.example')"},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (6, 'Tom', ' TWIN@new.example')"});
        assertThat(flag("shared_email", "twin@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void aContactAddedWhileItsAddressIsBeingInvitedCountsAsInvited() throws Exception {
        race(new String[]{"INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('race2@new.example', 'race2@new.example', 'SENT', now())"},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Rita', 'Race2@new.example')"});
        assertThat(flag("address_state = 1", "race2@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void anAddressInvitedWhileAContactWithItIsBeingAddedCountsAsInvited() throws Exception {
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (3, 'Rex', 'race3@new.example')"},
                new String[]{"INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('race3@new.example', 'race3@new.example', 'SENT', now())"});
        assertThat(flag("address_state = 1", "race3@new.example")).isTrue();
        countsAgree();
    }

    /**
     * A claimed invitation of {@code email} in a batch of its own, and a runner of this login
     * holding it: what the send engine's flush (invite_flush_sent) finds. @return the flush's SQL
     */
    static String claimedAndItsFlush(String email) {
        long batch = TestPostgres.queryLong(db, "INSERT INTO invitation_batch (created_by, division_id, filters, template_id, email_from) "
                + "SELECT 'race', division_id, '', (SELECT min(id) FROM notification_template), 'race@x.com' FROM account WHERE id = 1 RETURNING id");
        long runner = TestPostgres.queryLong(db, "INSERT INTO send_runner (batch_id, kind, host, pid, login) VALUES ("
                + batch + ", 'COMMAND', 'here', 1, 'race') RETURNING id");
        long id = TestPostgres.queryLong(db, "INSERT INTO invitation (batch_id, email_norm, email, status, claimed_by) VALUES ("
                + batch + ", '" + email + "', '" + email + "', 'CLAIMED', " + runner + ") RETURNING id");
        return "SELECT invite_flush_sent(" + runner + ", " + batch + ", 1, ARRAY[" + id + "]::bigint[], "
                + "ARRAY[(extract(epoch FROM now()) * 1000)::bigint])";
    }

    @Test
    void aContactAddedWhileItsAddressIsBeingFlushedAsSentCountsAsInvited() throws Exception {
        String flush = claimedAndItsFlush("flush1@new.example");
        race(new String[]{flush}, new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Fay', 'Flush1@new.example')"});
        assertThat(flag("address_state = 1", "flush1@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void anAddressFlushedAsSentWhileAContactWithItIsBeingAddedCountsAsInvited() throws Exception {
        String flush = claimedAndItsFlush("flush2@new.example");
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (3, 'Finn', 'flush2@new.example')"}, new String[]{flush});
        assertThat(flag("address_state = 1", "flush2@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void aContactAddedWhileItsAccountClosesIsOutOfScope() throws Exception {
        race(new String[]{"UPDATE account SET is_open = false WHERE id = 5"},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (5, 'Cal', 'closing@new.example')"});
        assertThat(flag("NOT account_open", "closing@new.example")).isTrue();
        countsAgree();
        TestPostgres.exec(db, "UPDATE account SET is_open = true WHERE id = 5");
        countsAgree();
    }

    @Test
    void anAccountClosedWhileAContactIsBeingAddedTakesTheContactWithIt() throws Exception {
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (2, 'Cora', 'closed-after@new.example')"},
                new String[]{"UPDATE account SET is_open = false WHERE id = 2"});
        assertThat(flag("NOT account_open", "closed-after@new.example")).isTrue();
        countsAgree();
        TestPostgres.exec(db, "UPDATE account SET is_open = true WHERE id = 2");
    }

    @Test
    void aPortalAccountCreatedWhileAContactMovesToItsAddressCountsAsPortal() throws Exception {
        race(new String[]{"INSERT INTO portal_account (email) VALUES ('race4@new.example')"},
                new String[]{"UPDATE contact SET email = 'race4@new.example' WHERE id = 13"});
        assertThat(flag("address_state = 3", "race4@new.example")).isTrue();
        countsAgree();
    }

    static boolean accountHas(long account, String condition) {
        return "true".equals(TestPostgres.queryString(db, "SELECT (" + condition + ")::text FROM account WHERE id = " + account))
                && "true".equals(TestPostgres.queryString(db, "SELECT coalesce(bool_and(" + condition + "), true)::text FROM contact WHERE account_id = " + account));
    }

    static void activeServiceCountsAgree() {
        assertThat(invites.counts(InviteFilter.forDivision("D1").withActiveService(true))).as("D1 with active service")
                .isEqualTo(CountsStayCurrentTest.referenceWith(db, "D1", "EXISTS (SELECT 1 FROM service sv WHERE sv.account_id = a.id "
                        + "AND sv.start_date <= current_date AND (sv.end_date IS NULL OR sv.end_date > current_date))", false));
        assertThat(invites.counts(InviteFilter.forDivision("D1").withSiteSource("MAN"))).as("D1 with site source MAN")
                .isEqualTo(CountsStayCurrentTest.referenceWith(db, "D1", "EXISTS (SELECT 1 FROM site st WHERE st.account_id = a.id "
                        + "AND st.site_source_id = 2)", false));
        countsAgree();
    }

    @Test
    void twoServicesAddedToOneAccountAtOnceAreBothInItsPeriods() throws Exception {
        // account 2's only service ended yesterday: A's makes it active, B's starts later
        race(new String[]{"INSERT INTO service (account_id, description, start_date) VALUES (2, 'race', current_date - 3)"},
                new String[]{"INSERT INTO service (account_id, description, start_date) VALUES (2, 'later', current_date + 30)"});
        assertThat(accountHas(2, "service_periods @> current_date AND service_periods @> current_date + 40")).isTrue();
        activeServiceCountsAgree();
        TestPostgres.exec(db, "DELETE FROM service WHERE description IN ('race', 'later')");
        assertThat(accountHas(2, "NOT service_periods @> current_date")).isTrue();
        activeServiceCountsAgree();
    }

    @Test
    void aContactAddedWhileItsAccountGainsAServiceCarriesTheService() throws Exception {
        race(new String[]{"INSERT INTO service (account_id, description, start_date) VALUES (3, 'race', current_date - 3)"},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (3, 'Sol', 'service-race@new.example')"});
        assertThat(flag("service_periods @> current_date", "service-race@new.example")).isTrue();
        activeServiceCountsAgree();
        TestPostgres.exec(db, "DELETE FROM service WHERE description = 'race'");
        assertThat(flag("NOT service_periods @> current_date", "service-race@new.example")).isTrue();
    }

    @Test
    void aServiceAddedWhileAContactIsBeingAddedReachesTheContact() throws Exception {
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (2, 'Sue', 'service-race2@new.example')"},
                new String[]{"INSERT INTO service (account_id, description, start_date) VALUES (2, 'race2', current_date - 3)"});
        assertThat(flag("service_periods @> current_date", "service-race2@new.example")).isTrue();
        activeServiceCountsAgree();
        TestPostgres.exec(db, "DELETE FROM service WHERE description = 'race2'");
        activeServiceCountsAgree();
    }

    @Test
    void aSiteAddedWhileAnotherOfItsAccountChangesSourceKeepsBothSources() throws Exception {
        race(new String[]{"UPDATE site SET site_source_id = 2 WHERE account_id = 5"},
                new String[]{"INSERT INTO site (account_id, site_source_id, address) VALUES (5, 1, '5b Fir')"});
        assertThat(accountHas(5, "site_source_ids = '{1,2}'")).isTrue();
        activeServiceCountsAgree();
        TestPostgres.exec(db, "DELETE FROM site WHERE address = '5b Fir'", "UPDATE site SET site_source_id = 1 WHERE account_id = 5");
        assertThat(accountHas(5, "site_source_ids = '{1}'")).isTrue();
    }

    /** The second waits for the first (a service raises the account's lock), then reads both services. */
    @Test
    void twoWritersAddingAContactAndThenAServiceToOneAccountBothSucceed() throws Exception {
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Ada', 'both1@new.example')",
                        "INSERT INTO service (account_id, description, start_date) VALUES (1, 'both', current_date + 200)"},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Abe', 'both2@new.example')",
                        "INSERT INTO service (account_id, description, start_date) VALUES (1, 'both', current_date + 300)"});
        assertThat(flag("service_periods @> current_date + 250 AND service_periods @> current_date + 350", "both1@new.example")).isTrue();
        assertThat(flag("service_periods @> current_date + 250 AND service_periods @> current_date + 350", "both2@new.example")).isTrue();
        activeServiceCountsAgree();
        TestPostgres.exec(db, "DELETE FROM service WHERE description = 'both'");
    }

    /**
     * A billing import in two transactions at once, interleaved: contacts of one account share its
     * lock, so the second import's contact does not wait for the first, and when the first then
     * wants the second's address it waits for it instead of deadlocking.
     */
    @Test
    void twoTransactionsAddingContactsToOneAccountInterleavedBothCommit() throws Exception {
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            exec(a, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Ida', 'inter-x@new.example')");
            // must not wait for a: an exclusive lock on account 1 would time out here
            CompletableFuture.runAsync(() -> run(b, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Ike', 'inter-y@new.example')"))
                    .get(10, TimeUnit.SECONDS);
            int aPid = pid(a);
            // a now adds a contact with b's address, to the same account: it waits for b's address
            CompletableFuture<Void> second = CompletableFuture.runAsync(
                    () -> run(a, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Ida', 'inter-y@new.example')"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!second.isDone() && !waitsForALock(aPid) && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(waitsForALock(aPid)).as("a waits for b's address").isTrue();
            b.commit();
            second.get(10, TimeUnit.SECONDS);
            a.commit();
        }
        assertThat(flag("shared_email", "inter-y@new.example")).isTrue();
        countsAgree();
        TestPostgres.exec(db, "DELETE FROM contact WHERE email_norm IN ('inter-x@new.example', 'inter-y@new.example')");
        countsAgree();
    }

    // Waiting in an unfinished batch is read from the open invitations, never copied to a row (V26):
    // the tally moves an address's contacts to "waiting" when it gets an open invitation and back
    // when it closes. Each of these holds one side open while the other writes the same contact.

    /** A new contact of account 1 (division D1), at an address of its own. @return its id */
    static long newContact(String email) {
        return TestPostgres.queryLong(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Wes', '" + email + "') RETURNING id");
    }

    static String queueOne(long contact, String email) {
        return "INSERT INTO invitation (email_norm, email, contact_id, status) VALUES ('" + email + "', '" + email + "', " + contact + ", 'QUEUED')";
    }

    static long waitingIn(String division) {
        return invites.counts(InviteFilter.forDivision(division)).waitingInBatch();
    }

    @Test
    void anAddressQueuedWhileItsContactChangesCountsAsWaitingWithTheNewValues() throws Exception {
        long c = newContact("wait1@new.example");
        long before = waitingIn("D1");
        race(new String[]{"UPDATE contact SET is_billing = true WHERE id = " + c}, new String[]{queueOne(c, "wait1@new.example")});
        assertThat(waitingIn("D1")).isEqualTo(before + 1);
        assertThat(invites.counts(InviteFilter.forDivision("D1").withBillingContacts(true)).waitingInBatch()).isGreaterThanOrEqualTo(1);
        countsAgree();
    }

    @Test
    void aContactChangedWhileItsAddressIsBeingQueuedCountsAsWaitingWithTheNewValues() throws Exception {
        long c = newContact("wait2@new.example");
        long before = waitingIn("D1");
        race(new String[]{queueOne(c, "wait2@new.example")}, new String[]{"UPDATE contact SET is_billing = true WHERE id = " + c});
        assertThat(waitingIn("D1")).isEqualTo(before + 1);
        countsAgree();
    }

    @Test
    void aContactAddedWhileItsAddressIsBeingQueuedCountsAsWaiting() throws Exception {
        long c = newContact("wait3@new.example");
        long before = waitingIn("D1");
        race(new String[]{queueOne(c, "wait3@new.example")},
                new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (3, 'Wyn', 'Wait3@new.example')"});
        assertThat(flag("shared_email", "wait3@new.example")).isTrue();
        assertThat(waitingIn("D1") + waitingIn("D2")).isGreaterThanOrEqualTo(before + 2);
        countsAgree();
    }

    @Test
    void anAddressQueuedThroughOneContactWhileASecondIsAddedCountsBothAsWaiting() throws Exception {
        long c = newContact("wait4@new.example");
        race(new String[]{"INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Wyn', 'wait4@new.example')"},
                new String[]{queueOne(c, "wait4@new.example")});
        assertThat(flag("shared_email", "wait4@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void aContactChangedWhileItsAddressIsFlushedAsSentCountsAsInvitedWithTheNewValues() throws Exception {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Fern', 'flush3@new.example')");
        String flush = claimedAndItsFlush("flush3@new.example");
        countsAgree(); // claimed: waiting
        race(new String[]{flush}, new String[]{"UPDATE contact SET is_billing = true WHERE email_norm = 'flush3@new.example'"});
        assertThat(flag("address_state = 1", "flush3@new.example")).isTrue();
        countsAgree();
        String again = claimedAndItsFlush("flush4@new.example");
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email) VALUES (1, 'Fred', 'flush4@new.example')");
        race(new String[]{"UPDATE contact SET is_billing = true WHERE email_norm = 'flush4@new.example'"}, new String[]{again});
        assertThat(flag("address_state = 1", "flush4@new.example")).isTrue();
        countsAgree();
    }

    @Test
    void aContactMovedToAnAddressWhileItIsQueuedAndAFailedOneRetriedCountRight() throws Exception {
        long c = newContact("wait5@new.example");
        long other = newContact("wait5-other@new.example");
        race(new String[]{queueOne(c, "wait5@new.example")}, new String[]{"UPDATE contact SET email = 'wait5@new.example' WHERE id = " + other});
        countsAgree();
        // closed (failed), then open again (retried), then deleted while open: each moves the address
        TestPostgres.exec(db, "UPDATE invitation SET status = 'FAILED', last_error = '421 busy' WHERE email_norm = 'wait5@new.example'");
        countsAgree();
        TestPostgres.exec(db, "UPDATE invitation SET status = 'QUEUED' WHERE email_norm = 'wait5@new.example'");
        countsAgree();
        TestPostgres.exec(db, "DELETE FROM invitation WHERE email_norm = 'wait5@new.example'");
        countsAgree();
    }

    /** A writer whose snapshot predates a queue would count its contact as not waiting: it is refused (retry) instead. */
    @Test
    void aRepeatableReadWriterFromBeforeAQueueIsRefused() throws Exception {
        long c = newContact("wait6@new.example");
        try (Connection a = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = a.createStatement()) {
                st.execute("SELECT count(*) FROM contact"); // the snapshot
                TestPostgres.exec(db, queueOne(c, "wait6@new.example"));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("UPDATE contact SET is_billing = true WHERE id = " + c))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));
            }
            a.rollback();
        }
        countsAgree();
    }

    static void run(Connection c, String sql) {
        try {
            exec(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defence in depth: a stale copy may cost a wrong count for a moment, never a second invitation. */
    @Test
    void aStaleNotInvitedCopyNeverLeadsToASecondInvitation() {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, email, is_billing) VALUES (6, 'Stan', 'stale@new.example', true)",
                "INSERT INTO invitation (email_norm, email, status, sent_at) VALUES ('stale@new.example', 'stale@new.example', 'SENT', now())",
                // what a bulk load with triggers off (or a bug) could leave behind
                "UPDATE contact SET address_state = 0 WHERE email_norm = 'stale@new.example'");
        BatchQueue queue = TestApp.injector(db, MailSettings.plain("127.0.0.1", 1), "demo").getInstance(BatchQueue.class);
        org.invitedesk.domain.SendSummary sent = queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE email_norm = 'stale@new.example'")).isEqualTo(1);
        assertThat(sent.skipped()).as("the address the copy offered and the invitations refused is reported skipped").isEqualTo(1);
        assertThat(TestPostgres.queryLong(db, "SELECT skipped FROM invitation_batch WHERE id = " + sent.batchId())).isEqualTo(1);
        TestPostgres.exec(db, "SELECT * FROM invite_check_counts(true)");
        assertThat(flag("address_state = 1", "stale@new.example")).isTrue();
    }
}

package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DivisionLookups;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue chooses its recipients in the database (invite_queue_batch, R__queue.sql), the details'
 * "Will receive" in RecipientMapper.xml: under every filter, one after another on the demo data
 * (shared addresses, invitation history, each queue's addresses waiting for the next), the batch
 * holds exactly the contacts "Will receive" listed just before, and the counts' tally, which the
 * queue moves from the contacts it chose, agrees with a recount from the source tables.
 */
class QueueChoiceTest {
    static Database db;
    static Services s;

    @BeforeAll
    static void load() {
        db = TestPostgres.freshDatabase();
        org.invitedesk.support.TestApp.get(db, DemoDataService.class).load(1500, 23);
        s = new Services(db, MailSettings.plain("127.0.0.1", 25));
        // addresses shared by a billing contact and a non-billing one of the same account, in the
        // division the test queues from (so both are in scope under every filter but "billing
        // contacts"): the billing contact is the address's pick
        TestPostgres.exec(db, "WITH pairs AS (SELECT b.id AS b, min(n.id) AS n FROM contact b JOIN contact n ON n.account_id = b.account_id"
                + " AND NOT n.is_billing AND n.email_valid WHERE b.is_billing AND b.account_open AND b.email_valid AND b.division_id = (SELECT id FROM division WHERE code = '"
                + s.invites.divisions().get(0).code() + "') GROUP BY b.id ORDER BY b.id LIMIT 12)"
                + " UPDATE contact c SET email = 'pick' || p.b || '@shared.example' FROM pairs p WHERE c.id IN (p.b, p.n)");
    }

    @AfterAll
    static void close() { db.close(); }

    /** A database of its own at {@code url}, migrated, with the small fixture. */
    static Database fixtureDatabase(String url) {
        Database own = Database.open(url, "postgres", null, 4);
        own.migrate();
        org.invitedesk.support.Fixture.load(own);
        return own;
    }

    Set<Long> willReceive(InviteFilter f) {
        Set<Long> ids = new TreeSet<>();
        DetailRow after = null;
        while (true) {
            List<DetailRow> page = s.invites.detailPageAfter(DetailQuery.of(f, CountGroup.WILL_RECEIVE), after, 500);
            page.forEach(r -> ids.add(r.contactId()));
            if (page.size() < 500) return ids;
            after = page.get(page.size() - 1);
        }
    }

    @Test
    void everyFilterQueuesExactlyWhoWillReceiveAndTheTallyStaysRight() {
        String division = s.invites.divisions().get(0).code();
        DivisionLookups l = s.invites.lookups(division);
        InviteFilter all = InviteFilter.forDivision(division);
        List<InviteFilter> filters = List.of(
                all.withBillingContacts(true).withBalanceDue(true),
                all.withAccountClass(l.accountClasses().get(0).code()).withNoAutopay(true),
                all.withBillGroup(l.billGroups().get(1).code()),
                all.withAccountSource(l.accountSources().get(0).code()).withActiveService(true),
                all.withSiteSource(l.siteSources().get(0).code()),
                all.withActiveService(true).withBalanceDue(true).withNoAutopay(true),
                all,
                all.withIncludeInvited(true));
        int queuedInAll = 0;
        int sharedInAll = 0;
        for (InviteFilter f : filters) {
            Set<Long> expected = willReceive(f);
            assertThat(s.invites.counts(f).willReceive()).as(f.describe()).isEqualTo(expected.size());
            SendSummary q = s.queue.queue(f, "Standard portal invitation", "office@division.example", "demo");
            Set<Long> queued = new TreeSet<>(TestPostgres.queryStrings(db, "SELECT contact_id FROM invitation WHERE batch_id = " + q.batchId())
                    .stream().map(Long::valueOf).toList());
            assertThat(queued).as(f.describe()).isEqualTo(expected);
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).as(f.describe()).isZero();
            assertThat(s.invites.counts(f).willReceive()).as(f.describe() + ", after").isZero();
            queuedInAll += queued.size();
            sharedInAll += (int) TestPostgres.queryLong(db, "SELECT count(*) FROM invitation i JOIN contact c ON c.id = i.contact_id"
                    + " WHERE i.batch_id = " + q.batchId() + " AND c.shared_email");
        }
        assertThat(queuedInAll).as("the filters queued someone").isGreaterThan(100);
        assertThat(sharedInAll).as("shared addresses among them").isPositive();
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation i JOIN contact c ON c.id = i.contact_id"
                + " WHERE i.email_norm LIKE 'pick%' AND i.status = 'QUEUED' AND c.is_billing")).as("the billing contacts picked").isEqualTo(12);
    }

    /**
     * A server whose default is REPEATABLE READ: the app's queue runs at READ COMMITTED anyway (its
     * choice must see what committed before its locks), and a direct caller at REPEATABLE READ is
     * told why it is refused and what to do.
     */
    @Test
    void aServerDefaultingToRepeatableReadStillQueuesAndADirectCallerIsToldWhy() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (Database setup = fixtureDatabase(url)) {
            String name = TestPostgres.queryString(setup, "SELECT current_database()");
            TestPostgres.exec(setup, "ALTER DATABASE \"" + name + "\" SET default_transaction_isolation = 'repeatable read'");
        }
        try (Database rr = Database.open(url, "postgres", null, 4)) {
            assertThat(TestPostgres.queryString(rr, "SHOW transaction_isolation")).isEqualTo("repeatable read");
            Services own = new Services(rr, MailSettings.plain("127.0.0.1", 25));
            SendSummary q = own.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
            assertThat(q.queued()).isPositive();
            assertThat(TestPostgres.queryLong(rr, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).isZero();
            try (java.sql.Connection c = rr.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeQuery("SELECT * FROM invite_queue_batch('demo', "
                                + "(SELECT id FROM division WHERE code = 'D1'), NULL, NULL, NULL, NULL, NULL, false, false, false, false, '', "
                                + "(SELECT min(id) FROM notification_template), 'one@division.example', now(), NULL, NULL)"))
                        .hasMessageContaining("Queueing runs at READ COMMITTED; this transaction is REPEATABLE READ");
                c.rollback();
            }
        }
    }
    /**
     * The queue inserts without ON CONFLICT (every writer that opens invitations holds the wait lock,
     * so the choice sees them). A writer that opens one without the lock (its triggers off: what a
     * bulk tool could do) while the queue runs: the queue's insert waits for it, meets the unique
     * index once it commits, and is made again without that address; nothing fails, nothing twice.
     */
    @Test
    void anInvitationOpenedAroundTheLockMeanwhileIsSkippedNotFailed() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (Database own = fixtureDatabase(url)) {
            Services svc = new Services(own, MailSettings.plain("127.0.0.1", 25));
            InviteFilter d1 = InviteFilter.forDivision("D1");
            long will = svc.invites.counts(d1).willReceive();
            String addr = TestPostgres.queryString(own, "SELECT email_norm FROM contact WHERE division_id = (SELECT id FROM division WHERE code = 'D1')"
                    + " AND account_open AND email_valid AND address_state = 0 ORDER BY id LIMIT 1");
            try (java.sql.Connection b = own.dataSource().getConnection(); java.sql.Statement st = b.createStatement()) {
                b.setAutoCommit(false);
                st.execute("SET LOCAL session_replication_role = replica");
                st.execute("INSERT INTO invitation (email_norm, email, status) VALUES ('" + addr + "', '" + addr + "', 'QUEUED')");
                java.util.concurrent.CompletableFuture<SendSummary> queueing = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> svc.queue.queue(d1, "Standard", "one@division.example", "demo"));
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (!queueing.isDone() && TestPostgres.queryLong(own, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%invite_queue_batch%'") == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(queueing.isDone()).as("the queue's insert waits for the other writer's open invitation").isFalse();
                b.commit();
                SendSummary q = queueing.get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(q.queued()).isEqualTo(will - 1);
            }
            assertThat(TestPostgres.queryLong(own, "SELECT count(*) FROM invitation WHERE email_norm = '" + addr + "'"))
                    .as("the other writer's invitation, and none of the batch's").isEqualTo(1);
        }
    }
}

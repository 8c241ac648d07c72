package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.support.Fixture;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * invitation.batch_id names a batch that exists, checked once per statement (R__batch_key.sql)
 * instead of by a foreign key's check per row: the same promise, both sides, also when two
 * sessions write at once (one transaction held open on one connection while another writes).
 */
class BatchKeyTest {
    static Database db;

    @BeforeAll
    static void load() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
    }

    @AfterAll
    static void close() { db.close(); }

    static long newBatch() {
        return TestPostgres.queryLong(db, "INSERT INTO invitation_batch (created_by, division_id, filters, template_id, email_from) "
                + "VALUES ('demo', (SELECT min(id) FROM division), 'test', (SELECT min(id) FROM notification_template), 'from@example.com') RETURNING id");
    }

    static String invitation(long batch, String email) {
        return "INSERT INTO invitation (batch_id, email_norm, email, status) VALUES (" + batch + ", '" + email + "', '" + email + "', 'FAILED')";
    }

    @Test
    void rowsNamingNoBatchAreRefusedInOneStatementOrByUpdate() {
        long b = newBatch();
        assertThatThrownBy(() -> TestPostgres.exec(db, "INSERT INTO invitation (batch_id, email_norm, email, status) VALUES "
                + "(" + b + ", 'k1@new.example', 'k1@new.example', 'FAILED'), (999999, 'k2@new.example', 'k2@new.example', 'FAILED')"))
                .hasMessageContaining("An invitation names batch 999999, which does not exist.");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE email_norm IN ('k1@new.example', 'k2@new.example')"))
                .as("the statement wrote nothing").isZero();
        TestPostgres.exec(db, invitation(b, "k3@new.example"));
        assertThatThrownBy(() -> TestPostgres.exec(db, "UPDATE invitation SET batch_id = 888888 WHERE email_norm = 'k3@new.example'"))
                .hasMessageContaining("batch 888888");
        TestPostgres.exec(db, "UPDATE invitation SET batch_id = NULL WHERE email_norm = 'k3@new.example'");
    }

    @Test
    void aBatchWithInvitationsCannotBeDeletedRenumberedOrTruncated() {
        long b = newBatch();
        long empty = newBatch();
        TestPostgres.exec(db, invitation(b, "k4@new.example"));
        assertThatThrownBy(() -> TestPostgres.exec(db, "DELETE FROM invitation_batch WHERE id = " + b))
                .hasMessageContaining("Batch " + b + " still has invitations");
        assertThatThrownBy(() -> TestPostgres.exec(db, "UPDATE invitation_batch SET id = 777777 WHERE id = " + b))
                .hasMessageContaining("Batch " + b + " still has invitations");
        assertThatThrownBy(() -> TestPostgres.exec(db, "TRUNCATE invitation_batch CASCADE"))
                .hasMessageContaining("cannot be truncated while invitations name them");
        TestPostgres.exec(db, "DELETE FROM invitation_batch WHERE id = " + empty);
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation_batch WHERE id IN (" + b + ", " + empty + ")")).isEqualTo(1);
    }

    @Test
    void aBatchDeletedWhileItsInvitationsAreUncommittedIsRefusedOnceTheyCommit() throws Exception {
        long b = newBatch();
        SQLException deleting = race(invitation(b, "k5@new.example"), "DELETE FROM invitation_batch WHERE id = " + b);
        assertThat((Throwable) deleting).as("the delete, which waited for the writer").isNotNull();
        assertThat(deleting.getSQLState()).isEqualTo("23503");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation i JOIN invitation_batch x ON x.id = i.batch_id "
                + "WHERE i.email_norm = 'k5@new.example'")).as("the invitation and its batch are both there").isEqualTo(1);
    }

    @Test
    void invitationsWrittenWhileTheirBatchIsBeingDeletedAreRefusedOnceTheDeleteCommits() throws Exception {
        long b = newBatch();
        SQLException writing = race("DELETE FROM invitation_batch WHERE id = " + b, invitation(b, "k6@new.example"));
        assertThat((Throwable) writing).as("the write, which waited for the delete").isNotNull();
        assertThat(writing.getMessage()).contains("An invitation names batch " + b + ", which does not exist.");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation WHERE email_norm = 'k6@new.example'")).isZero();
    }

    @Test
    void aDeleteAtRepeatableReadIsRefusedWithWhatToDo() throws Exception {
        long b = newBatch();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            assertThatThrownBy(() -> st.execute("DELETE FROM invitation_batch WHERE id = " + b))
                    .hasMessageContaining("Invitation batches are deleted at READ COMMITTED; this transaction is REPEATABLE READ");
            c.rollback();
        }
    }

    /**
     * {@code first} in a transaction held open on connection A; {@code second} on B in another
     * thread; once B waits for A's lock, A commits. Returns B's error (null if B succeeded).
     */
    static SQLException race(String first, String second) throws Exception {
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection()) {
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.execute(first);
            }
            int bPid;
            try (Statement st = b.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                bPid = rs.getInt(1);
            }
            CompletableFuture<SQLException> other = CompletableFuture.supplyAsync(() -> {
                try (Statement st = b.createStatement()) {
                    st.execute(second);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!other.isDone() && TestPostgres.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + bPid
                    + " AND wait_event_type = 'Lock'") == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(other.isDone()).as("B waits for A's lock").isFalse();
            a.commit();
            return other.get(10, TimeUnit.SECONDS);
        }
    }
}

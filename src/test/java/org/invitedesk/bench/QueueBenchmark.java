package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.CountsCheckService;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.send.BatchQueue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Target 2 of #20: queueing, warm, the median of 7. Each run is the whole of
 * {@code BatchQueue.queue} for one division (HBX: 249,880 invitations on the 2M demo), timed; then,
 * untimed, the batch is taken back (its superseded invitations restored, its invitations and the
 * batch deleted, through the triggers like any other write), the invitations vacuumed and a
 * checkpoint made, so every run starts from the same data and clean indexes. After the runs,
 * check-counts says whether the copies are still right (the take-back is itself a test of the
 * delete triggers). Not a test. Run:
 *
 *   java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.invitedesk.bench.QueueBenchmark DATA_DIR [runs] [division]
 *
 * DATA_DIR may instead be a JDBC URL (BenchDatabase).
 */
public final class QueueBenchmark {
    public static void main(String[] args) throws Exception {
        AppConfig cfg = BenchDatabase.config(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String division = args.length > 2 ? args[2] : "HBX";
        try (AppStarter.Running b = AppStarter.start(cfg, false);
             Connection c = b.infrastructure().database().dataSource().getConnection();
             Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            InviteService s = b.injector().getInstance(InviteService.class);
            BatchQueue queue = b.injector().getInstance(BatchQueue.class);
            InviteFilter filter = InviteFilter.forDivision(division);
            String template = s.activeTemplates().get(0).name();
            st.execute("VACUUM (ANALYZE) invitation");
            st.execute("VACUUM (ANALYZE) contact");
            st.execute("VACUUM (ANALYZE) count_tally");
            // the parts of BatchQueue.queue around the database's function, alone
            CountsBenchmark.time("counts of " + division, () -> s.counts(filter));
            CountsBenchmark.time("first recipient (the queue's trial render)", () -> s.firstRecipient(s.scope(filter)));
            double[] perHundredK = new double[runs];
            long queued = 0;
            for (int i = 0; i < runs; i++) {
                st.execute("DROP TABLE IF EXISTS bench_superseded");
                st.execute("CREATE TEMP TABLE bench_superseded AS SELECT id, status FROM invitation WHERE status IN ('SENT', 'EXPIRED', 'FAILED')");
                st.execute("CHECKPOINT");
                long t0 = System.nanoTime();
                SendSummary q = queue.queue(filter, template, "billing@example.com", "demo");
                double ms = (System.nanoTime() - t0) / 1e6;
                queued = q.queued();
                perHundredK[i] = ms / 1000 / q.queued() * 100_000;
                System.out.printf("  run %d: %,d invitations in %.0f ms, %.2f s per 100,000%n", i + 1, q.queued(), ms, perHundredK[i]);
                System.out.flush();
                takeBack(c, st, q.batchId());
            }
            double[] sorted = perHundredK.clone();
            Arrays.sort(sorted);
            System.out.printf("queue %s (%,d invitations), s per 100,000: median %.2f [%.2f-%.2f] of %d warm runs%n",
                    division, queued, sorted[runs / 2], sorted[0], sorted[runs - 1], runs);
            long tc = System.nanoTime();
            long wrong = b.injector().getInstance(CountsCheckService.class).check(false).stream()
                    .mapToLong(org.invitedesk.domain.CopyCheck::wrong).sum();
            System.out.printf("check-counts after the runs: %.1f s, %d differences%n", (System.nanoTime() - tc) / 1e9, wrong);
        }
    }

    /** The batch undone: what it superseded restored, its rows and itself deleted, the table vacuumed. */
    private static void takeBack(Connection c, Statement st, long batchId) throws Exception {
        st.execute("UPDATE invitation o SET status = p.status FROM bench_superseded p WHERE o.id = p.id AND o.status = 'SUPERSEDED'");
        try (PreparedStatement d = c.prepareStatement("DELETE FROM invitation WHERE batch_id = ?")) {
            d.setLong(1, batchId);
            d.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM invitation_batch WHERE id = ?")) {
            d.setLong(1, batchId);
            d.executeUpdate();
        }
        st.execute("VACUUM invitation");
        st.execute("VACUUM count_tally");
        st.execute("VACUUM email_status");
    }
}

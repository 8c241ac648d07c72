package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.service.InviteService;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints timings for the counts statement and the details pages on a large embedded database.
 * Not a test (excluded from surefire). Run:
 *   mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.invitedesk.bench.CountsBenchmark -Dexec.args="/tmp/invite-desk-bench 1000000"
 * or, to check the heap while exporting, with the heap capped:
 *   java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.invitedesk.bench.CountsBenchmark /tmp/invite-desk-bench 1000000 [queue]
 */
public final class CountsBenchmark {
    public static void main(String[] args) throws Exception {
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        AppConfig cfg = BenchDatabase.config(args.length > 0 ? args[0] : "target/bench"); // a folder or a JDBC URL
        try (AppStarter.Running b = AppStarter.start(cfg, false)) {
            org.invitedesk.service.DemoDataService demo = b.injector().getInstance(org.invitedesk.service.DemoDataService.class);
            if (demo.isEmpty()) {
                long t0 = System.nanoTime();
                demo.load(accounts, 42);
                System.out.printf("demo-data --accounts %d: %.1f s%n", accounts, (System.nanoTime() - t0) / 1e9);
            }
            // a migration that rewrote contact (V5) leaves dead rows until autovacuum passes; measure a settled table
            long tv = System.nanoTime();
            try (java.sql.Connection c = b.infrastructure().database().dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE) contact");
                st.execute("VACUUM (ANALYZE) email_status");
                st.execute("VACUUM (ANALYZE) service");
                st.execute("VACUUM (ANALYZE) site");
                // the rest too, so no autovacuum runs during the measurements (the load analyses them only)
                st.execute("VACUUM (ANALYZE) account");
                st.execute("VACUUM (ANALYZE) invitation");
                st.execute("VACUUM (ANALYZE) portal_account");
            }
            System.out.printf("VACUUM (ANALYZE) contact, email_status, service, site, account, invitation, portal_account: %.1f s%n",
                    (System.nanoTime() - tv) / 1e9);
            InviteService s = b.injector().getInstance(InviteService.class);
            InviteFilter nvw = InviteFilter.forDivision("NVW");
            Map<String, InviteFilter> sets = new LinkedHashMap<>();
            sets.put("none", nvw);
            sets.put("active service", nvw.withActiveService(true));
            sets.put("balance due", nvw.withBalanceDue(true));
            sets.put("billing contacts", nvw.withBillingContacts(true));
            sets.put("no autopay", nvw.withNoAutopay(true));
            sets.put("include invited", nvw.withIncludeInvited(true));
            sets.put("all checkboxes", nvw.withActiveService(true).withBalanceDue(true).withBillingContacts(true).withNoAutopay(true));
            sets.put("account class COM", nvw.withAccountClass("COM"));
            sets.put("bill group C07", nvw.withBillGroup("C07"));
            sets.put("site source ROUTE", nvw.withSiteSource("ROUTE"));
            System.out.println("counts for NVW (ms: median [min-max] of 7 warm runs)");
            for (Map.Entry<String, InviteFilter> e : sets.entrySet()) {
                time(e.getKey(), () -> s.counts(e.getValue()));
            }
            System.out.println("contacts in NVW: " + s.counts(nvw).contacts() + ", will receive: " + s.counts(nvw).willReceive());
            DetailQuery big = DetailQuery.of(nvw, CountGroup.NOT_INVITED);
            long n = s.detailCount(big);
            time("details count NOT_INVITED (" + n + " rows)", () -> s.detailCount(big));
            time("details first page NOT_INVITED", () -> s.detailPageAfter(big, null, 200));
            org.invitedesk.domain.DetailRow middle = middleRow(b, s, big, n / 2);
            time("details page after row " + (n / 2) + " (keyset)", () -> s.detailPageAfter(big, middle, 200));
            for (org.invitedesk.domain.DetailSort sort : org.invitedesk.domain.DetailSort.values()) {
                for (boolean desc : new boolean[]{false, true}) {
                    DetailQuery q = big.withSort(sort, desc);
                    time("details first page by " + sort + (desc ? " desc" : ""), () -> s.detailPageAfter(q, null, 200));
                }
            }

            // export of the largest group to CSV, streamed: time and peak heap
            SendBenchmark.HeapPeak heap = SendBenchmark.HeapPeak.start();
            long t0 = System.nanoTime();
            java.nio.file.Path csv = java.nio.file.Files.createTempFile("invite-desk-export", ".csv");
            long rows;
            try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(csv)) {
                rows = s.exportCsv(big, w, x -> { }, () -> false);
            }
            heap.stop();
            System.out.printf("  export %,d rows to CSV: %.1f s, %,d MB; peak heap used %d MB (max heap %d MB)%n", rows,
                    (System.nanoTime() - t0) / 1e9, java.nio.file.Files.size(csv) >> 20, heap.peak.get() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            java.nio.file.Files.delete(csv);

            org.invitedesk.service.CountsCheckService checks = b.injector().getInstance(org.invitedesk.service.CountsCheckService.class);
            long tc = System.nanoTime();
            long wrong = checks.check(false).stream().mapToLong(org.invitedesk.domain.CopyCheck::wrong).sum();
            System.out.printf("  check-counts over the whole database: %.1f s (%d differences)%n", (System.nanoTime() - tc) / 1e9, wrong);

            if (args.length > 2 && args[2].equals("queue")) {
                // queue about 100,000 invitations once (this changes the data: run it last)
                // the division whose batch is nearest 100,000 (HBX at 1M accounts; -Dbench.queueDivision=… to choose)
                InviteFilter hundredK = InviteFilter.forDivision(System.getProperty("bench.queueDivision", "HBX"));
                long will = s.counts(hundredK).willReceive();
                long t1 = System.nanoTime();
                var q = b.injector().getInstance(org.invitedesk.service.send.BatchQueue.class).queue(hundredK, s.activeTemplates().get(0).name(), "billing@example.com", "demo");
                double ms = (System.nanoTime() - t1) / 1e6;
                System.out.printf("  queue a batch of %,d invitations (%s, %,d will receive): %.0f ms, %.2f s per 100,000%n", q.queued(),
                        hundredK.division(), will, ms, ms / 1000 / q.queued() * 100_000);
            }
        }
    }

    /** The row half-way through a group: walked to in pages of 10,000 (not timed). */
    static org.invitedesk.domain.DetailRow middleRow(AppStarter.Running b, InviteService s, org.invitedesk.domain.DetailQuery q, long half) {
        org.invitedesk.domain.DetailRow after = null;
        for (long seen = 0; seen < half; ) {
            java.util.List<org.invitedesk.domain.DetailRow> page = s.detailPageAfter(q, after, (int) Math.min(10_000, half - seen));
            if (page.isEmpty()) break;
            after = page.get(page.size() - 1);
            seen += page.size();
        }
        return after;
    }

    static void time(String what, Supplier<?> work) {
        work.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            work.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("  %-40s %7.1f  [%.1f-%.1f]%n", what, a[a.length / 2], a[0], a[a.length - 1]);
        System.out.flush();
        Arrays.fill(a, 0);
    }
}

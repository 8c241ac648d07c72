package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.domain.*;
import org.invitedesk.service.InviteService;
import java.nio.file.Path;
import java.util.*;
/**
 * The details' first page and a page deep in (after row 100,000, reached by keyset pages of
 * 5,000) for the sorts that walk an index or the lookups (V22, V24), on a database
 * CountsBenchmark or LoadBenchmark made. Not a test. Run:
 *   java -Xmx256m -cp $CP org.invitedesk.bench.DetailSortBenchmark /tmp/b2m
 */
public final class DetailSortBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AppConfig cfg = new ConfigLoader(Map.of()).load(dir.resolve("none.properties"), Map.of("data.dir", dir.toString()), false);
        try (AppStarter.Running b = AppStarter.start(cfg, false)) {
            InviteService s = b.injector().getInstance(InviteService.class);
            DetailQuery big = DetailQuery.of(InviteFilter.forDivision("NVW"), CountGroup.NOT_INVITED);
            for (DetailSort sort : new DetailSort[]{DetailSort.EMAIL, DetailSort.ACCOUNT_CLASS, DetailSort.BILL_GROUP, DetailSort.CONTACT_NAME}) {
                for (boolean desc : new boolean[]{false, true}) {
                    DetailQuery q = big.withSort(sort, desc);
                    s.detailPageAfter(q, null, 200);
                    double[] t = new double[7];
                    List<DetailRow> page = null;
                    for (int i = 0; i < 7; i++) { long t0 = System.nanoTime(); page = s.detailPageAfter(q, null, 200); t[i] = (System.nanoTime() - t0) / 1e6; }
                    Arrays.sort(t);
                    // a page far in: after the 100,000th row's key (walk by keyset in pages of 5,000 first)
                    DetailRow after = null;
                    for (int i = 0; i < 20; i++) { List<DetailRow> p = s.detailPageAfter(q, after, 5000); after = p.get(p.size() - 1); }
                    double[] h = new double[7];
                    for (int i = 0; i < 7; i++) { long t0 = System.nanoTime(); s.detailPageAfter(q, after, 200); h[i] = (System.nanoTime() - t0) / 1e6; }
                    Arrays.sort(h);
                    System.out.printf("%-14s %-4s first page %7.1f ms [%.1f-%.1f]; page after row 100,000 %7.1f ms [%.1f-%.1f]%n", sort, desc ? "desc" : "asc",
                            t[3], t[0], t[6], h[3], h[0], h[6]);
                }
            }
        }
    }
}

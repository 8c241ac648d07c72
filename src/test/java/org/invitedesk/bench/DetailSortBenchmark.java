package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.*;
import org.invitedesk.service.InviteService;
import java.util.*;
/**
 * The details' first page and a page deep in (after row DEPTH, default 100,000, reached by keyset
 * pages of 5,000) of one of NVW's groups (default NOT_INVITED) under each sort (default: every
 * sort), on a database CountsBenchmark or LoadBenchmark made. Not a test. Run:
 *   java -Xmx256m -cp $CP org.invitedesk.bench.DetailSortBenchmark /tmp/b2m [DEPTH [SORT,SORT… [GROUP]]]
 */
public final class DetailSortBenchmark {
    /** NVW's Not invited row at {@code depth} by a lookup's name then id, with only what keyOf reads. */
    static DetailRow lookupRowAt(AppStarter.Running b, DetailSort sort, boolean desc, int depth) throws Exception {
        String dir = desc ? " DESC" : "";
        try (var c = b.injector().getInstance(org.invitedesk.data.Database.class).dataSource().getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT c.id, coalesce(k.name, '') FROM contact c JOIN division d ON d.id = c.division_id LEFT JOIN "
                     + sort.lookupTable() + " k ON k.id = c." + sort.lookupColumn() + " WHERE d.code = 'NVW' AND c.account_open AND c.email_valid"
                     + " AND c.address_state = 0 ORDER BY coalesce(k.name, '')" + dir + ", c.id" + dir + " OFFSET " + (depth - 1) + " LIMIT 1")) {
            rs.next();
            String name = rs.getString(2);
            return new DetailRow(rs.getLong(1), null, null, null, null, false, sort == DetailSort.ACCOUNT_CLASS ? name : null,
                    sort == DetailSort.BILL_GROUP ? name : null, null, null, 0, null, null, null);
        }
    }

    public static void main(String[] args) throws Exception {
        AppConfig cfg = BenchDatabase.config(args[0]); // a folder or a JDBC URL
        try (AppStarter.Running b = AppStarter.start(cfg, false)) {
            InviteService s = b.injector().getInstance(InviteService.class);
            CountGroup group = args.length > 3 ? CountGroup.valueOf(args[3]) : CountGroup.NOT_INVITED;
            DetailQuery big = DetailQuery.of(InviteFilter.forDivision("NVW"), group);
            int depth = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
            DetailSort[] sorts = args.length > 2 ? Arrays.stream(args[2].split(",")).map(DetailSort::valueOf).toArray(DetailSort[]::new)
                    : DetailSort.values();
            System.out.printf("NVW %s: %d rows%n", group, s.detailCount(big));
            for (DetailSort sort : sorts) {
                for (boolean desc : new boolean[]{false, true}) {
                    DetailQuery q = big.withSort(sort, desc);
                    s.detailPageAfter(q, null, 200);
                    double[] t = new double[7];
                    List<DetailRow> page = null;
                    for (int i = 0; i < 7; i++) { long t0 = System.nanoTime(); page = s.detailPageAfter(q, null, 200); t[i] = (System.nanoTime() - t0) / 1e6; }
                    Arrays.sort(t);
                    // a page far in: after the depth-th row's key (walk by keyset in pages of 5,000 first)
                    DetailRow after = null;
                    if (sort.lookupTable() != null && depth > 0 && group == CountGroup.NOT_INVITED) {
                        // by class or bill group, keyset pages of 5,000 read a page of every lookup each
                        // (hours to row 500,000): take the depth-th row's key from the plain sort instead
                        after = lookupRowAt(b, sort, desc, depth);
                    } else for (int i = 0; i < depth / 5000; i++) { List<DetailRow> p = s.detailPageAfter(q, after, 5000); after = p.get(p.size() - 1); }
                    double[] h = new double[7];
                    for (int i = 0; i < 7; i++) { long t0 = System.nanoTime(); s.detailPageAfter(q, after, 200); h[i] = (System.nanoTime() - t0) / 1e6; }
                    Arrays.sort(h);
                    System.out.printf("%-14s %-4s first page %7.1f ms [%.1f-%.1f]; page after row %,d %7.1f ms [%.1f-%.1f]%n", sort, desc ? "desc" : "asc",
                            t[3], t[0], t[6], depth, h[3], h[0], h[6]);
                }
            }
        }
    }
}

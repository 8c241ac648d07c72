package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.CopyCheck;
import org.invitedesk.service.CountsCheckService;
import org.invitedesk.service.DemoDataService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Loads the demo into a fresh embedded database and prints the time, a fingerprint of every
 * table (to compare two versions of the generator: the same fingerprint is the same data) and
 * check-counts' verdict. Not a test. Run: java -cp ... org.invitedesk.bench.LoadBenchmark DIR ACCOUNTS
 * (DIR is deleted first).
 */
public final class LoadBenchmark {
    private static final String[] FINGERPRINTS = {
        "SELECT 'account', count(*), sum(hashtext(a::text)::bigint) FROM account a",
        "SELECT 'site', count(*), sum(hashtext(x::text)::bigint) FROM site x",
        "SELECT 'service', count(*), sum(hashtext(x::text)::bigint) FROM service x",
        "SELECT 'contact', count(*), sum(hashtext(x::text)::bigint) FROM contact x",
        // times are left out: the demo's are relative to now()
        "SELECT 'portal_account', count(*), sum(hashtext((x.email_norm, x.email)::text)::bigint) FROM portal_account x",
        "SELECT 'invitation', count(*), sum(hashtext((x.email_norm, x.email, x.contact_id, x.status, x.token_hash, x.attempts)::text)::bigint) FROM invitation x",
        "SELECT 'email_status', count(*), sum(hashtext((x.email_norm, x.invited, x.times_invited, x.has_portal, x.last_status, x.sent,"
            + " x.undeliverable_reason, x.state, x.accepted_at IS NULL, x.last_invited_at IS NULL)::text)::bigint) FROM email_status x",
    };

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int accounts = Integer.parseInt(args[1]);
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
        AppConfig cfg = BenchDatabase.config(dir.toString());
        try (AppStarter.Running b = AppStarter.start(cfg, false)) {
            DemoDataService demo = b.injector().getInstance(DemoDataService.class);
            long t0 = System.nanoTime();
            demo.load(accounts, 42);
            System.out.printf("demo-data --accounts %d: %.1f s%n", accounts, (System.nanoTime() - t0) / 1e9);
            try (Connection c = b.infrastructure().database().dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String q : FINGERPRINTS) {
                    try (ResultSet r = st.executeQuery(q)) {
                        r.next();
                        System.out.printf("%-15s %10d rows, fingerprint %d%n", r.getString(1), r.getLong(2), r.getLong(3));
                    }
                }
            }
            long tc = System.nanoTime();
            for (CopyCheck k : b.injector().getInstance(CountsCheckService.class).check(false)) System.out.println("check: " + k);
            System.out.printf("check-counts: %.1f s%n", (System.nanoTime() - tc) / 1e9);
        }
    }
}

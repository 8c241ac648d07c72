package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs SQL (e.g. EXPLAIN (ANALYZE, BUFFERS)) against a benchmark's embedded database, to study
 * plans. Not a test. Run: java -cp ... org.invitedesk.bench.SqlConsole DATA_DIR FILE.sql
 * (statements separated by lines holding only ";;").
 */
public final class SqlConsole {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AppConfig cfg = BenchDatabase.config(dir.toString());
        try (AppStarter.Running b = AppStarter.start(cfg, false); Connection c = b.infrastructure().database().dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String sql : Files.readString(Path.of(args[1])).split("(?m)^;;\\s*$")) {
                if (sql.isBlank()) continue;
                long t0 = System.nanoTime();
                boolean rs = st.execute(sql);
                System.out.printf("-- %.1f ms: %s%n", (System.nanoTime() - t0) / 1e6, sql.strip().lines().findFirst().orElse(""));
                // notices (e.g. auto_explain.log_level = notice: the plans of a function's statements)
                for (var w = st.getWarnings(); w != null; w = w.getNextWarning()) System.out.println(w.getMessage());
                st.clearWarnings();
                if (!rs) continue;
                try (ResultSet r = st.getResultSet()) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= n; i++) line.append(i > 1 ? " | " : "").append(r.getString(i));
                        System.out.println(line);
                    }
                }
            }
        }
    }
}

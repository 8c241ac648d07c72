package org.invitedesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up of the window, timed from the moment the command is started to the log lines the app
 * writes (`Window shown`, `Main screen built`, `Main screen ready` = the divisions are listed), by
 * the lines' own timestamps, so the JVM's boot counts. Needs a display (Xvfb will do).
 *
 * <pre>
 * java -cp $CP org.invitedesk.bench.StartupBenchmark running JDBC_URL RUNS -- COMMAND...   (against a running database)
 * java -cp $CP org.invitedesk.bench.StartupBenchmark embedded RUNS -- COMMAND...           (first start on a new data folder, then a later one)
 * </pre>
 * COMMAND is how the app is started, e.g. {@code java -jar target/invite-desk.jar} or
 * {@code target/installer/invite-desk/bin/invite-desk}; the benchmark adds {@code --data-dir} (and the database).
 */
public final class StartupBenchmark {
    private static final Pattern LINE = Pattern.compile("^(\\S+ \\S+) .*(Window shown|Main screen built|Main screen ready) (\\d+) ms");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private StartupBenchmark() { }

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        List<String> command = List.of(args).subList(dash + 1, args.length);
        boolean embedded = args[0].equals("embedded");
        int runs = Integer.parseInt(args[embedded ? 1 : 2]);
        Map<String, List<Long>> figures = new TreeMap<>();
        for (int i = 0; i < runs; i++) {
            Path data = Files.createTempDirectory("startup-bench");
            if (embedded) {
                record(figures, "first start, ", run(command, data, List.of()));
                record(figures, "later start, ", run(command, data, List.of()));
            } else {
                record(figures, "", run(command, data, List.of("--db-url", args[1], "--db-user", "postgres")));
            }
        }
        System.out.println("median of " + runs + " runs, ms from the command's start:");
        figures.forEach((what, ms) -> {
            List<Long> sorted = new ArrayList<>(ms);
            sorted.sort(null);
            System.out.printf("  %-32s median %5d   (%s)%n", what, sorted.get(sorted.size() / 2), ms);
        });
    }

    private static void record(Map<String, List<Long>> figures, String prefix, Map<String, Long> one) {
        one.forEach((what, ms) -> figures.computeIfAbsent(prefix + what, k -> new ArrayList<>()).add(ms));
        System.out.println(prefix + one);
    }

    /** One start: the command with this data folder, until the main screen is ready (or 120 s); then stopped. */
    private static Map<String, Long> run(List<String> command, Path data, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--data-dir", data.toString()));
        cmd.addAll(extra);
        Path log = data.resolve("logs/invite-desk.log");
        long t0 = System.currentTimeMillis();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> seen = new TreeMap<>();
        try {
            long end = System.nanoTime() + 120_000_000_000L;
            while (!seen.containsKey("Main screen ready") && System.nanoTime() < end && p.isAlive()) {
                Thread.sleep(50);
                seen = read(log, t0);
            }
        } finally {
            p.destroy(); // SIGTERM: the app closes its database
            p.waitFor();
        }
        return seen;
    }

    private static Map<String, Long> read(Path log, long t0) throws IOException {
        Map<String, Long> seen = new TreeMap<>();
        if (!Files.exists(log)) return seen;
        for (String l : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(l);
            if (m.find()) {
                long at = LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                if (at >= t0) seen.put(m.group(2), at - t0); // a later start's log holds the earlier starts too
            }
        }
        return seen;
    }
}

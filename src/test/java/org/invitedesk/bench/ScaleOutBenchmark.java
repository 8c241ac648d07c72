package org.invitedesk.bench;

import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.support.ChildApp;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scale-out of the sender service: 1, 2 and 4 {@code serve} processes (their own JVMs, 2 SMTP
 * connections each) on one batch, against a sink that answers each SMTP command after 20 ms, as
 * a remote relay does. Throughput is timed from the first message received to the last; the
 * ratio to linear is throughput(P) / (P × throughput(1)). Not a test (excluded from surefire):
 * <pre>
 *   mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.invitedesk.bench.ScaleOutBenchmark 20000 1,2,4 20000
 * </pre>
 * arguments: messages, process counts, reply delay in µs.
 */
public final class ScaleOutBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String[] counts = (args.length > 1 ? args[1] : "1,2,4").split(",");
        long delayMicros = args.length > 2 ? Long.parseLong(args[2]) : 20_000;
        System.out.printf("cores %d; %d messages; the sink answers each command after %d µs; 2 connections per process%n",
                Runtime.getRuntime().availableProcessors(), n, delayMicros);
        double single = 0;
        for (String c : counts) {
            int processes = Integer.parseInt(c.trim());
            double rate = run(n, processes, delayMicros);
            if (processes == 1) single = rate;
            System.out.printf("processes %d: %.1f msg/s%s%n", processes, rate,
                    single > 0 ? String.format(", ratio to linear %.2f", rate / (processes * single)) : "");
        }
    }

    static double run(int n, int processes, long delayMicros) throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        Path dir = Files.createTempDirectory("invite-desk-scale");
        List<Process> children = new ArrayList<>();
        try (Database db = Database.open(url, "postgres", null, 4); SmtpSink sink = new SmtpSink(0, null, true)) {
            db.migrate();
            Fixture.load(db);
            Services.addBulkContacts(db, n - 2);
            sink.behaviour(new SmtpSink.Behaviour() {
                @Override public long replyDelayMicros() { return delayMicros; }
            });
            SendSummary q = new Services(db, MailSettings.plain("127.0.0.1", sink.port()))
                    .queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
            if (q.queued() != n) throw new IllegalStateException("queued " + q.queued());
            for (int p = 0; p < processes; p++) {
                Path data = Files.createDirectories(dir.resolve("p" + p));
                children.add(new ProcessBuilder(ChildApp.command(url, data, sink.port(), "serve", "--connections", "2"))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("p" + p + ".log").toFile()).start());
            }
            long first = 0;
            long deadline = System.currentTimeMillis() + 3_600_000;
            while (sink.received().size() < n && System.currentTimeMillis() < deadline) {
                if (first == 0 && !sink.received().isEmpty()) first = System.nanoTime();
                Thread.sleep(5);
            }
            long last = System.nanoTime();
            long distinct = new HashSet<>(sink.received().stream().map(SmtpSink.Received::recipient).toList()).size();
            if (distinct != n || sink.received().size() != n) throw new IllegalStateException("received " + sink.received().size() + ", distinct " + distinct);
            return (n - 1) / ((last - first) / 1e9);
        } finally {
            for (Process p : children) p.destroy();
            for (Process p : children) p.waitFor(60, TimeUnit.SECONDS);
        }
    }
}

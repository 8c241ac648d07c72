package org.invitedesk.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SendOutcome;
import org.invitedesk.mail.SmtpConnection;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.RenderedMessage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw pooled Angus Mail throughput beside Invite Desk's end-to-end throughput (queue + render +
 * send + mark), on the same local SMTP sink, in one run; and the peak heap while sending.
 * Not a test (excluded from surefire). Run with the heap cap the target names:
 * <pre>
 *   mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.invitedesk.bench.SendBenchmark 200000
 * </pre>
 */
public final class SendBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        System.out.printf("cores %d, max heap %d MB, %d messages, %d SMTP connections%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, n, connections);

        Path pgDir = Files.createTempDirectory("invite-desk-send-bench");
        // -Dbench.statements=true: also list the statements of the send phase by time (pg_stat_statements)
        boolean statements = Boolean.getBoolean("bench.statements");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (statements) builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "all").setServerConfig("session_preload_libraries", "auto_explain").setServerConfig("auto_explain.log_min_duration", "12ms").setServerConfig("auto_explain.log_analyze", "on");
        try (EmbeddedPostgres pg = builder.setDataDirectory(pgDir).setCleanDataDirectory(true)
                .setServerConfig("unix_socket_directories", "")
                // as durable as the embedded default (zonky turns both off by default)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
             SmtpSink sink = new SmtpSink(0, null, false)) {
            // -Dbench.replyDelayMicros=N: the sink answers each command after N µs, as a relay across a network does
            long delay = Long.getLong("bench.replyDelayMicros", 0);
            if (delay > 0) sink.behaviour(new SmtpSink.Behaviour() {
                @Override public long replyDelayMicros() { return delay; }
            });
            System.out.printf("the sink answers each SMTP command %s%n", delay > 0 ? "after " + delay + " µs" : "at once");
            // raw: the same MIME message shape, pooled connections, no database and no templates.
            MailSettings mail = MailSettings.plain("127.0.0.1", sink.port());
            RenderedMessage content = new RenderedMessage("Your Northvale Waste portal invitation",
                    "<p>Dear Ann Example,</p><p>Please <a href=\"https://portal.example/invite?token=abc\">create your account</a>.</p>",
                    "Dear Ann Example,\n\nPlease create your account: https://portal.example/invite?token=abc\n");

            // end to end: queue n addresses, render each, send, mark each row.
            Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, connections + 4);
            db.migrate();
            Fixture.load(db);
            long t0 = System.nanoTime();
            Services.addBulkContacts(db, n);
            TestPostgres.exec(db, "ANALYZE");
            if (args.length > 2) TestPostgres.exec(db, args[2]); // an experiment, e.g. "ALTER TABLE invitation DISABLE TRIGGER invitation_update_status"
            System.out.printf("  (loaded %d contacts in %.1f s)%n", n, (System.nanoTime() - t0) / 1e9);
            Services s = new Services(db, mail);
            // Warm-up, not counted: both paths once at a tenth of the size, so that neither
            // figure below includes the JIT compiling the code the other path already compiled.
            int warm = Math.max(1000, n / 10);
            TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, last_name, email, is_billing) "
                    + "SELECT 5, 'Warm', 'Up' || g, 'warm' || g || '@warm.example', false FROM generate_series(1, " + warm + ") g");
            raw(mail, content, warm, connections);
            SendSummary w = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
            s.runner.run(w.batchId(), "demo", SendOptions.defaults().withConnections(connections), SendListener.NONE, new AtomicBoolean());
            TestPostgres.exec(db, "VACUUM ANALYZE");
            if (statements) TestPostgres.exec(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            Cpu c0 = Cpu.now();
            double raw = raw(mail, content, n, connections);
            Cpu c1 = Cpu.now();
            System.out.printf("raw pooled Angus Mail:   %8.0f msg/s   %s%n", raw, c1.minus(c0).perMessage(n));
            long beforeSend = sink.accepted();
            HeapPeak heap = HeapPeak.start();
            long t1 = System.nanoTime();
            SendSummary q = s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
            long t2 = System.nanoTime();
            if (statements) TestPostgres.exec(db, "SELECT pg_stat_statements_reset()");
            Cpu c2 = Cpu.now();
            SendSummary done = s.runner.run(q.batchId(), "demo", SendOptions.defaults().withConnections(connections),
                    SendListener.NONE, new AtomicBoolean());
            long t3 = System.nanoTime();
            Cpu c3 = Cpu.now();
            long sinkGot = sink.accepted() - beforeSend;
            heap.stop();
            double e2e = done.sent() / ((t3 - t1) / 1e9);
            System.out.printf("queue %d invitations:  %8.0f ms%n", q.queued(), (t2 - t1) / 1e6);
            System.out.printf("end to end (queue+render+send+mark): %8.0f msg/s (send phase alone %.0f msg/s)%n",
                    e2e, done.sent() / ((t3 - t2) / 1e9));
            System.out.printf("  send phase CPU: %s%n", c3.minus(c2).perMessage(done.sent()));
            // The machine's speed drifts (other tenants): raw again, and the ratio against the mean of both.
            Cpu c4 = Cpu.now();
            double rawAfter = raw(mail, content, n, connections);
            System.out.printf("raw pooled Angus Mail again: %8.0f msg/s   %s%n", rawAfter, Cpu.now().minus(c4).perMessage(n));
            System.out.printf("ratio end-to-end / raw:   %8.2f (against the first raw run %.2f, the second %.2f)%n",
                    e2e / ((raw + rawAfter) / 2), e2e / raw, e2e / rawAfter);
            System.out.printf("sent %d, failed %d, in doubt %d; sink accepted %d%n", done.sent(), done.failed(), done.inDoubt(),
                    sinkGot);
            System.out.printf("peak heap used while sending: %d MB (sampled every 20 ms); old generation after GC peak: %d MB%n",
                    heap.peak.get() >> 20, heap.oldAfterGc() >> 20);
            if (statements) printStatements(db, done.sent());
            db.close();
        }
    }

    static void printStatements(Database db, long messages) throws Exception {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT calls, total_exec_time, toplevel, regexp_replace(left(query, 110), '\\s+', ' ', 'g') "
                        + "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12")) {
            System.out.println("statements of the send phase (ms per message, calls, top level?, query):");
            while (rs.next()) {
                System.out.printf("  %7.3f %8d %-5s %s%n", rs.getDouble(2) / messages, rs.getLong(1), rs.getBoolean(3), rs.getString(4));
            }
        }
    }

    static double raw(MailSettings mail, RenderedMessage content, int n, int connections) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            Thread t = new Thread(() -> {
                try (SmtpConnection c = new SmtpConnection(mail)) {
                    long i;
                    while ((i = next.getAndIncrement()) < n) {
                        String to = "raw" + i + "@bulk.example";
                        MimeMessage m = InvitationMessage.build(c.session(), "two@division.example", to, content,
                                "<raw-" + i + "@division.example>", false);
                        SendOutcome o = c.send(m, new Address[]{new InternetAddress(to)});
                        if (o.kind() != SendOutcome.Kind.SENT) throw new IllegalStateException(o.reply());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * CPU used so far by this JVM (the app's threads and the sink's, and the sink's alone) and by every PostgreSQL
     * process, read from /proc (Linux); both loops share the same cores, so the CPU per message
     * says where the end-to-end cost goes.
     */
    record Cpu(long jvmNanos, long sinkNanos, long pgNanos, java.util.Map<String, Long> pgByKind) {
        static Cpu now() {
            java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            // the in-process SMTP sink's threads (a real relay's work is on another machine): live
            // ones only, so a sink thread that ended in between counts as the app's (never less)
            java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
            long sink = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("smtp-sink")) sink += Math.max(0, tm.getThreadCpuTime(t.getId()));
            }
            long ticks = 0;
            java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
            for (java.io.File f : procs == null ? new java.io.File[0] : procs) {
                try {
                    String stat = Files.readString(f.toPath().resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) continue;
                    String[] x = stat.substring(close + 2).split(" ");
                    // fields 14-17 of stat: utime stime cutime cstime (x[0] is field 3)
                    long t = Long.parseLong(x[11]) + Long.parseLong(x[12]) + Long.parseLong(x[13]) + Long.parseLong(x[14]);
                    ticks += t;
                    byKind.merge(kind(Files.readString(f.toPath().resolve("cmdline")).replace('\0', ' ')), t * 10_000_000L, Long::sum);
                } catch (Exception gone) {
                    // the process ended between listing and reading
                }
            }
            return new Cpu(jvm, sink, ticks * 10_000_000L, byKind); // USER_HZ is 100 on Linux
        }

        /** "backend", "autovacuum", "walwriter", … from the process title PostgreSQL sets. */
        static String kind(String title) {
            if (!title.startsWith("postgres:")) return "postmaster (with exited children)";
            String t = title.substring(9).strip();
            if (t.startsWith("autovacuum")) return "autovacuum";
            if (t.startsWith("walwriter") || t.startsWith("checkpointer") || t.startsWith("background writer")) return t.split(" ")[0];
            return t.contains("(") ? "backends" : t.split(" ")[0];
        }

        Cpu minus(Cpu o) {
            java.util.Map<String, Long> d = new java.util.TreeMap<>(pgByKind);
            o.pgByKind.forEach((k, v) -> d.merge(k, -v, Long::sum));
            return new Cpu(jvmNanos - o.jvmNanos, sinkNanos - o.sinkNanos, pgNanos - o.pgNanos, d);
        }

        String perMessage(long n) {
            StringBuilder kinds = new StringBuilder();
            pgByKind.forEach((k, v) -> { if (v != 0) kinds.append(String.format("; %s %.3f", k, v / 1e6 / n)); });
            return String.format("CPU per message: JVM %.3f ms (the app %.3f, the sink %.3f), PostgreSQL %.3f ms%s", jvmNanos / 1e6 / n,
                    (jvmNanos - sinkNanos) / 1e6 / n, sinkNanos / 1e6 / n, pgNanos / 1e6 / n,
                    kinds.length() == 0 ? "" : " (" + kinds.substring(2) + ")");
        }
    }

    /** Samples the heap in use; also reads the old generation's largest size after a collection. */
    static final class HeapPeak {
        final AtomicLong peak = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        Thread thread;

        static HeapPeak start() {
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
            HeapPeak h = new HeapPeak();
            h.thread = new Thread(() -> {
                while (!h.stop.get()) {
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    h.peak.accumulateAndGet(used, Math::max);
                    try { Thread.sleep(20); } catch (InterruptedException e) { return; }
                }
            });
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        void stop() { stop.set(true); }

        long oldAfterGc() {
            long max = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null && p.getName().contains("Old")) {
                    max = Math.max(max, p.getCollectionUsage().getUsed());
                }
            }
            return max;
        }
    }
}

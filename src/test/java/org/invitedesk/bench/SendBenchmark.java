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
import org.invitedesk.service.SendListener;
import org.invitedesk.service.SendOptions;
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
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(true)
                .setServerConfig("unix_socket_directories", "")
                // as durable as the embedded default (zonky turns both off by default)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
             SmtpSink sink = new SmtpSink(0, null, false)) {
            // 1. raw: the same MIME message shape, pooled connections, no database and no templates.
            MailSettings mail = MailSettings.plain("127.0.0.1", sink.port());
            RenderedMessage content = new RenderedMessage("Your Northvale Waste portal invitation",
                    "<p>Dear Ann Example,</p><p>Please <a href=\"https://portal.example/invite?token=abc\">create your account</a>.</p>",
                    "Dear Ann Example,\n\nPlease create your account: https://portal.example/invite?token=abc\n");
            double raw = raw(mail, content, n, connections);
            long afterRaw = sink.accepted();
            System.out.printf("raw pooled Angus Mail:   %8.0f msg/s%n", raw);

            // 2. end to end: queue n addresses, render each, send, mark each row.
            Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, connections + 4);
            db.migrate();
            Fixture.load(db);
            long t0 = System.nanoTime();
            Services.addBulkContacts(db, n);
            TestPostgres.exec(db, "ANALYZE");
            if (args.length > 2) TestPostgres.exec(db, args[2]); // an experiment, e.g. "ALTER TABLE invitation DISABLE TRIGGER invitation_update_status"
            System.out.printf("  (loaded %d contacts in %.1f s)%n", n, (System.nanoTime() - t0) / 1e9);
            Services s = new Services(db, mail);
            HeapPeak heap = HeapPeak.start();
            long t1 = System.nanoTime();
            SendSummary q = s.sends.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo");
            long t2 = System.nanoTime();
            SendSummary done = s.sends.run(q.batchId(), "demo", SendOptions.defaults().withConnections(connections),
                    SendListener.NONE, new AtomicBoolean());
            long t3 = System.nanoTime();
            heap.stop();
            double e2e = done.sent() / ((t3 - t1) / 1e9);
            System.out.printf("queue %d invitations:  %8.0f ms%n", q.queued(), (t2 - t1) / 1e6);
            System.out.printf("end to end (queue+render+send+mark): %8.0f msg/s (send phase alone %.0f msg/s)%n",
                    e2e, done.sent() / ((t3 - t2) / 1e9));
            System.out.printf("ratio end-to-end / raw:   %8.2f%n", e2e / raw);
            System.out.printf("sent %d, failed %d, in doubt %d; sink accepted %d%n", done.sent(), done.failed(), done.inDoubt(),
                    sink.accepted() - afterRaw);
            System.out.printf("peak heap used while sending: %d MB (sampled every 20 ms); old generation after GC peak: %d MB%n",
                    heap.peak.get() >> 20, heap.oldAfterGc() >> 20);
            db.close();
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

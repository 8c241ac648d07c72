package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.PermissionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The sender service ({@code serve}): until stopped, sends every batch that is due (queued,
 * running elsewhere, scheduled and due, waiting for the daily limit and due, or interrupted),
 * oldest first, as one more runner beside any others on any machine. Every 2 s it settles the
 * runners that died. One log line per batch event, one throughput line per minute; a lost
 * database is retried with back-off, one line per attempt.
 */
public class SenderService {
    private static final Logger LOG = LoggerFactory.getLogger(SenderService.class);
    static final long IDLE_MS = 2_000;

    private final Db db;
    private final BatchRunner runner;
    private final PermissionService permissions;
    private final Clock clock;
    private final Batches batches;

    @Inject
    SenderService(Db db, BatchRunner runner, PermissionService permissions, Clock clock, Batches batches) {
        this.db = db;
        this.batches = batches;
        this.runner = runner;
        this.permissions = permissions;
        this.clock = clock;
    }

    /** Serves until {@code stop} is set; then the messages in flight finish, the work is settled, and it returns. */
    public void serve(String login, SendOptions options, AtomicBoolean stop, Consumer<String> log) {
        permissions.requireSend(login);
        Consumer<String> out = line -> {
            LOG.info(line);
            log.accept(line);
        };
        Throughput throughput = new Throughput(out);
        Map<Long, Long> restUntil = new HashMap<>();
        long backoffMs = 1000;
        int attempt = 0;
        Runner presence = null;
        out.accept("Sender service started: " + options.connections() + " connection(s)"
                + (options.ratePerSecond() > 0 ? ", at most " + Quotas.rateInWords(options.ratePerSecond()) + " shared by every runner" : "") + ".");
        try {
            while (!stop.get()) {
                try {
                    if (presence != null && presence.lost()) {
                        presence.close(); // its connection broke between batches: show this service again with a new one
                        presence = null;
                    }
                    if (presence == null) presence = Runner.start(db, RunnerKind.SERVICE, login);
                    int dead = Settlement.settleDead(db, null);
                    if (dead > 0) out.accept(dead + " runner(s) that stopped answering were settled; their work is back in the queue.");
                    attempt = 0;
                    backoffMs = 1000;
                    Long batch = next(restUntil);
                    if (batch == null) {
                        sleep(IDLE_MS, stop);
                        continue;
                    }
                    try {
                        runOne(batch, login, options, stop, out, throughput, restUntil);
                    } catch (RuntimeException e) {
                        if (Failures.isDatabase(e) || e instanceof org.invitedesk.domain.UnavailableException) throw e;
                        // one batch's trouble (a decision holding it, a permission taken away) never stops the service
                        out.accept("Batch " + batch + ": " + Failures.oneLine(e) + " Trying it again in a minute.");
                        restUntil.put(batch, System.currentTimeMillis() + 60_000);
                    }
                } catch (RuntimeException e) {
                    if (!Failures.isDatabase(e) && !(e instanceof org.invitedesk.domain.UnavailableException)) throw e;
                    attempt++;
                    out.accept("Database unreachable (attempt " + attempt + "): " + Failures.inWords(Failures.reason(e)) + ". Retrying in "
                            + backoffMs / 1000 + " s.");
                    if (presence != null) presence.close();
                    presence = null;
                    sleep(backoffMs, stop);
                    backoffMs = Math.min(60_000, backoffMs * 2);
                }
            }
        } finally {
            throughput.close();
            if (presence != null) presence.close();
            out.accept("Sender service stopped.");
        }
    }

    private Long next(Map<Long, Long> restUntil) {
        List<Long> due = db.read(BatchMapper.class, m -> m.due(OffsetDateTime.now(clock)));
        long now = System.currentTimeMillis();
        restUntil.values().removeIf(until -> until < now);
        return due.stream().filter(id -> !restUntil.containsKey(id)).findFirst().orElse(null);
    }

    private void runOne(long batchId, String login, SendOptions options, AtomicBoolean stop, Consumer<String> out, Throughput throughput,
                        Map<Long, Long> restUntil) {
        out.accept("Batch " + batchId + ": sending.");
        org.invitedesk.domain.Batch b = batches.batch(batchId);
        throughput.baseline(batchId, b.sent() + b.failed() + b.inDoubt());
        long before = throughput.total();
        SendSummary s = runner.run(batchId, login, RunnerKind.SERVICE, options, throughput.listener(), stop);
        // Nothing sent by this run (others hold the last rows, or it is not due): look at other batches for a moment.
        if (throughput.total() == before) restUntil.put(batchId, System.currentTimeMillis() + 3 * IDLE_MS);
        out.accept("Batch " + batchId + ": " + words(s));
    }

    private static String words(SendSummary s) {
        String tally = s.sent() + " sent, " + s.failed() + " failed, " + s.inDoubt() + " in doubt, " + s.remaining() + " left";
        if (s.status() == BatchStatus.DONE) return "finished (" + tally + ").";
        if (s.status() == BatchStatus.WAITING || s.status() == BatchStatus.PAUSED) return s.reason() + " (" + tally + ")";
        if (s.status() == BatchStatus.QUEUED) return "back in the queue for the next runner (" + tally + ").";
        return "other runners carry on with it (" + tally + ").";
    }

    private static void sleep(long ms, AtomicBoolean stop) {
        long end = System.currentTimeMillis() + ms;
        try {
            while (!stop.get() && System.currentTimeMillis() < end) Thread.sleep(Math.min(100, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    /** Counts what this service sends and logs one line a minute while it sends. */
    private static final class Throughput implements AutoCloseable {
        private final AtomicLong total = new AtomicLong();
        private final Map<Long, Long> lastSent = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean closed;
        private volatile String lastBatch = "";

        Throughput(Consumer<String> out) {
            thread = new Thread(() -> {
                long last = 0;
                while (!closed) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = total.get();
                    if (now > last) out.accept(String.format("Last minute: %d sent (%.1f a second)%s.", now - last, (now - last) / 60.0, lastBatch));
                    last = now;
                }
            }, "serve-throughput");
            thread.setDaemon(true);
            thread.start();
        }

        long total() { return total.get(); }

        void baseline(long batchId, long processed) { lastSent.put(batchId, processed); }

        SendListener listener() {
            return p -> {
                long processed = p.sent() + p.failed() + p.inDoubt();
                Long prev = lastSent.put(p.batchId(), processed);
                if (prev != null && processed > prev) total.addAndGet(processed - prev);
                lastBatch = "; batch " + p.batchId() + ": " + p.remaining() + " left";
            };
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }
}

package org.invitedesk.service.send;

import org.invitedesk.domain.SendProgress;
import org.invitedesk.mail.RateLimiter;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the connections of one run share: the tallies, the stop signals, the rate and the slow-down. */
final class RunState {
    final long batchId;
    final Runner runner;
    final SendOptions options;
    final RateLimiter rate;
    private final AtomicBoolean cancel;
    private final AtomicReference<String> pauseReason = new AtomicReference<>();
    private final AtomicReference<java.time.OffsetDateTime> quotaFreesAt = new AtomicReference<>();
    /** Mean time the server took over one message, in ms (smoothed); 0 until the first reply. */
    private volatile double replyMs;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong slowUntil = new AtomicLong();
    final AtomicLong sent;
    final AtomicLong failed;
    final AtomicLong inDoubt;
    private final AtomicLong sentThisRun = new AtomicLong();
    private final long total;
    private final long started = System.nanoTime();

    RunState(long batchId, Runner runner, SendOptions options, AtomicBoolean cancel, long total, long sent, long failed, long inDoubt) {
        this.batchId = batchId;
        this.runner = runner;
        this.options = options;
        this.rate = new RateLimiter(options.ratePerSecond());
        this.cancel = cancel;
        this.total = total;
        this.sent = new AtomicLong(sent);
        this.failed = new AtomicLong(failed);
        this.inDoubt = new AtomicLong(inDoubt);
    }

    /** Stop sending, after the message in flight: cancelled or paused. */
    boolean stopping() { return cancel.get() || pauseReason.get() != null; }

    /** Claim no more: stopping, or the relay's daily limit is reached (what is claimed is still sent). */
    boolean noMoreClaims() { return stopping() || quotaFreesAt.get() != null; }

    /** The relay's daily limit is reached: no more claims; the batch waits until {@code at}. */
    void waitForQuota(java.time.OffsetDateTime at) { quotaFreesAt.compareAndSet(null, at); }

    java.time.OffsetDateTime quotaFreesAt() { return quotaFreesAt.get(); }

    void replied(long ms) { replyMs = replyMs == 0 ? ms : replyMs * 0.8 + ms * 0.2; }

    /**
     * How many rows a connection claims next: every connection should have work, so at most an
     * even share of what is left, and when the server is slow, no more than about ten seconds of it.
     */
    int claimSize() {
        long remaining = Math.max(1, total - sent.get() - failed.get() - inDoubt.get());
        long share = (remaining + options.connections() - 1) / options.connections();
        long slow = replyMs > 0 ? Math.max(1, (long) (10_000 / replyMs)) : options.claimSize();
        return (int) Math.max(1, Math.min(options.claimSize(), Math.min(share, slow)));
    }

    boolean cancelled() { return cancel.get(); }

    void cancel() { cancel.set(true); }

    private volatile boolean databaseStop;

    /** Stops the run with a reason (the first reason wins). */
    void pause(String reason) { pauseReason.compareAndSet(null, reason); }

    /** Stops the run because the database was lost (a sender service then hands the batch back rather than pausing it). */
    void pauseForDatabase(String reason) {
        if (pauseReason.compareAndSet(null, reason)) databaseStop = true;
    }

    boolean stoppedByDatabase() { return databaseStop; }

    String pauseReason() { return pauseReason.get(); }

    void countSent() {
        sent.incrementAndGet();
        sentThisRun.incrementAndGet();
        consecutiveFailures.set(0);
    }

    void countFailed() { failed.incrementAndGet(); }

    void countInDoubt() { inDoubt.incrementAndGet(); }

    void resetFailures() { consecutiveFailures.set(0); }

    /** @return how many messages in a row have now failed */
    int bumpFailures() { return consecutiveFailures.incrementAndGet(); }

    /** The server asked to slow down: no connection sends before {@code epochMs}. */
    void slowDownUntil(long epochMs) { slowUntil.set(epochMs); }

    long slowUntil() { return slowUntil.get(); }

    boolean throttled() { return options.ratePerSecond() > 0 || slowUntil.get() > System.currentTimeMillis(); }

    SendProgress progress() {
        double secs = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double mps = sentThisRun.get() / secs;
        long remaining = Math.max(0, total - sent.get() - failed.get() - inDoubt.get());
        long left = mps > 0 ? (long) (remaining / mps) : -1;
        return new SendProgress(batchId, total, sent.get(), failed.get(), inDoubt.get(), remaining, mps, left, pauseReason.get(),
                options.ratePerSecond());
    }
}

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
    final SendOptions options;
    final RateLimiter rate;
    private final AtomicBoolean cancel;
    private final AtomicReference<String> pauseReason = new AtomicReference<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong slowUntil = new AtomicLong();
    final AtomicLong sent;
    final AtomicLong failed;
    final AtomicLong inDoubt;
    private final AtomicLong sentThisRun = new AtomicLong();
    private final long total;
    private final long started = System.nanoTime();

    RunState(long batchId, SendOptions options, AtomicBoolean cancel, long total, long sent, long failed, long inDoubt) {
        this.batchId = batchId;
        this.options = options;
        this.rate = new RateLimiter(options.ratePerSecond());
        this.cancel = cancel;
        this.total = total;
        this.sent = new AtomicLong(sent);
        this.failed = new AtomicLong(failed);
        this.inDoubt = new AtomicLong(inDoubt);
    }

    boolean stopping() { return cancel.get() || pauseReason.get() != null; }

    boolean cancelled() { return cancel.get(); }

    void cancel() { cancel.set(true); }

    /** Stops the run with a reason (the first reason wins). */
    void pause(String reason) { pauseReason.compareAndSet(null, reason); }

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

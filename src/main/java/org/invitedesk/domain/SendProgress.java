package org.invitedesk.domain;

/**
 * A snapshot of a running send, produced a few times per second. {@code rateLimit} is the run's
 * limit in messages per second (0: none), which the progress line shows.
 */
public record SendProgress(long batchId, long total, long sent, long failed, long inDoubt, long remaining,
                           double messagesPerSecond, long secondsLeft, String note, double rateLimit) {
    public double fraction() {
        return total == 0 ? 1.0 : (double) (sent + failed + inDoubt) / total;
    }
}

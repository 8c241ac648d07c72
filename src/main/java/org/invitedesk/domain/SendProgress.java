package org.invitedesk.domain;

/** A snapshot of a running send, produced a few times per second. */
public record SendProgress(long batchId, long total, long sent, long failed, long inDoubt, long remaining,
                           double messagesPerSecond, long secondsLeft, String note) {
    public double fraction() {
        return total == 0 ? 1.0 : (double) (sent + failed + inDoubt) / total;
    }
}

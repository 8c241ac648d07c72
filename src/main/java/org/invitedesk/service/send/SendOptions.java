package org.invitedesk.service.send;

import java.time.Duration;

/** Tuning of one send. */
public record SendOptions(int connections, double ratePerSecond, int claimSize, int maxAttempts,
                          Duration retryBase, int pauseAfterConsecutiveFailures) {
    /** The engine's defaults with no rate limit and four connections; {@link BatchRunner#configuredOptions()} applies the configuration. */
    public static SendOptions defaults() {
        return new SendOptions(4, 0, 50, 5, Duration.ofSeconds(2), 20);
    }

    public SendOptions withConnections(int n) { return new SendOptions(n, ratePerSecond, claimSize, maxAttempts, retryBase, pauseAfterConsecutiveFailures); }
    public SendOptions withRate(double r) { return new SendOptions(connections, r, claimSize, maxAttempts, retryBase, pauseAfterConsecutiveFailures); }
    public SendOptions withRetryBase(Duration d) { return new SendOptions(connections, ratePerSecond, claimSize, maxAttempts, d, pauseAfterConsecutiveFailures); }
    public SendOptions withPauseAfter(int n) { return new SendOptions(connections, ratePerSecond, claimSize, maxAttempts, retryBase, n); }
}

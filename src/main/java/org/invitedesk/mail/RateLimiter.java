package org.invitedesk.mail;

/** One token bucket for the whole send (not per connection). 0 = no limit. */
public final class RateLimiter {
    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = 1;
        this.last = System.nanoTime();
    }

    /** Waits until one message may go. */
    public void acquire() throws InterruptedException {
        if (perSecond <= 0) return;
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
                last = now;
                if (tokens >= 1) { tokens -= 1; return; }
                waitNanos = (long) ((1 - tokens) / perSecond * 1e9);
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}

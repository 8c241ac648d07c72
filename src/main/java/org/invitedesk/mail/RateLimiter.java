package org.invitedesk.mail;

/** One token bucket for the whole send (not per connection). 0 = no limit. */
public final class RateLimiter {
    private volatile double perSecond;
    private volatile double capacity;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = 1;
        this.last = System.nanoTime();
    }

    /** A new rate from now on (the configured rate shared among the runs alive); 0 = no limit. */
    public synchronized void setRate(double perSecond) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = Math.min(tokens, capacity);
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

    /** {@code smtp.rate} and {@code --rate}: "N" a second, or "N/min"; 0 = no limit. @throws IllegalArgumentException saying what is wrong */
    public static double parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        double div = 1;
        if (t.endsWith("/min")) {
            div = 60;
            t = t.substring(0, t.length() - 4).trim();
        } else if (t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2).trim();
        }
        double d;
        try {
            d = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            d = -1;
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new IllegalArgumentException("must be 0 (no limit), a number of messages a second (5) or a minute (30/min), not '" + text.trim() + "'");
        }
        return d / div;
    }
}

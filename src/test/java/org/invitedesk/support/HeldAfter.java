package org.invitedesk.support;

import org.invitedesk.mail.SmtpSink;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink behaviour that holds every message from the {@code n}-th on, before its reply, until
 * {@link #release()} (or 30 s): a test that cancels part-way then cancels part-way however fast
 * the machine sends, instead of racing the run's progress reports.
 */
public final class HeldAfter implements SmtpSink.Behaviour {
    private final long n;
    private final CountDownLatch released = new CountDownLatch(1);

    public HeldAfter(long n) { this.n = n; }

    public void release() { released.countDown(); }

    @Override
    public String onData(String recipient, long messageNumber) {
        if (messageNumber >= n) {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }
}

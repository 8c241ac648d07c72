package org.invitedesk.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** The real clock moved on by what a test adds: crosses a day without waiting one. */
public final class MovableClock extends Clock {
    private final AtomicLong offsetMs = new AtomicLong();
    private final ZoneId zone;

    public MovableClock(ZoneId zone) { this.zone = zone; }

    public void advance(Duration d) { offsetMs.addAndGet(d.toMillis()); }

    @Override public ZoneId getZone() { return zone; }

    @Override public Clock withZone(ZoneId z) { return this; }

    @Override public Instant instant() { return Instant.now().plusMillis(offsetMs.get()); }
}

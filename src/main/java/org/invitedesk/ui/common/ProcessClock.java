package org.invitedesk.ui.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When this process started, on {@link System#nanoTime()}'s clock, for the start-up log lines. On
 * Linux from the kernel's own figures (the process's start and the uptime, both since boot, to
 * 10 ms); elsewhere the moment this class loads, some 60 ms after the JVM began.
 * ({@code ProcessHandle.Info.startInstant()} adds the boot time in whole seconds and is off by up
 * to a second; the JVM's management bean costs 30 ms of start-up to ask.)
 */
public final class ProcessClock {
    private static final long START_NANOS = startNanos();

    private ProcessClock() { }

    /** Milliseconds since the process started. */
    public static long millisSinceStart() { return (System.nanoTime() - START_NANOS) / 1_000_000; }

    private static long startNanos() {
        long now = System.nanoTime();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name (which may hold spaces) start at field 3; starttime is field 22
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]);
            double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            long ageNanos = (long) ((uptimeSeconds - startTicks / 100.0) * 1e9);
            return ageNanos >= 0 && ageNanos < 60_000_000_000L ? now - ageNanos : now;
        } catch (Exception | Error notLinux) {
            return now;
        }
    }
}

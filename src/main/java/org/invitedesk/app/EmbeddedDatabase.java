package org.invitedesk.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.invitedesk.domain.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded default: a real PostgreSQL (zonky) whose files live in the user's data folder
 * and persist between runs. Its socket stays inside that folder; it listens on loopback only.
 * A second copy of the app on the same data folder is refused by zonky's lock file.
 */
public final class EmbeddedDatabase implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    /** Data folders this JVM runs a server in. Their lock file must not be opened again here:
     *  closing any channel on a file drops this process's POSIX lock on it. */
    private static final java.util.Set<Path> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Path runningIn;

    private EmbeddedDatabase(EmbeddedPostgres postgres) { this.postgres = postgres; }

    static UnavailableException inUse(Path pgData) {
        return new UnavailableException("The embedded database in " + pgData
                + " is in use by another copy of Invite Desk. Close it, or give this copy its own --data-dir.");
    }

    /**
     * A copy of Invite Desk that was killed (or crashed) leaves its PostgreSQL running, holding
     * the data folder: the next start would wait and fail. When no live copy holds the folder's
     * lock, such a leftover server is stopped (a fast shutdown; PostgreSQL's own recovery covers
     * the rest) before starting. A live copy is refused at once.
     */
    static void stopLeftoverServer(Path pgData) throws IOException {
        if (RUNNING.contains(pgData.toAbsolutePath().normalize())) throw inUse(pgData);
        Path lockFile = pgData.resolve("epg-lock");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) throw inUse(pgData);
            lock.release();
        }
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return; // not a pid file PostgreSQL wrote: let PostgreSQL judge it
        }
        java.util.Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) return;
        LOG.warn("A database server (pid {}) was left running in {} by an Invite Desk that did not shut down; stopping it", pid, pgData);
        ProcessHandle h = server.get();
        h.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old copy
        try {
            h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
            try { h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS); } catch (Exception ignored) { }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException ignored) {
            // it is gone
        }
    }

    public static EmbeddedDatabase start(Path dataDir, boolean reset) {
        Path pgData = dataDir.resolve("pgdata");
        try {
            Files.createDirectories(dataDir);
            if (Files.isDirectory(pgData)) stopLeftoverServer(pgData);
            if (reset && Files.exists(pgData)) {
                LOG.info("Resetting the embedded database in {}", pgData);
                deleteTree(pgData);
            }
            long t0 = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // Infrastructure stops it, after a send in progress has settled (zonky's own hook would race that)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(PgRuntime.folder(dataDir).toFile())
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "32MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    // no replica reads this WAL: a table created or emptied in a transaction (the demo load) skips it
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on") // zonky defaults to off; a lost SENDING mark would mean a second message
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            LOG.info("Embedded PostgreSQL on port {} in {} ms", pg.getPort(), (System.nanoTime() - t0) / 1_000_000);
            watchdog(pgData);
            EmbeddedDatabase db = new EmbeddedDatabase(pg);
            db.runningIn = pgData.toAbsolutePath().normalize();
            RUNNING.add(db.runningIn);
            return db;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean locked = why.toLowerCase(java.util.Locale.ROOT).contains("lock");
            for (Throwable c = e; c != null; c = c.getCause()) locked |= c instanceof java.nio.channels.OverlappingFileLockException;
            if (e instanceof UnavailableException u) throw u;
            if (locked) throw inUse(pgData);
            throw new UnavailableException("The embedded database could not start in " + pgData + ": " + firstLine(why)
                    + ". Check that the folder is writable, or start with --reset-demo.", e);
        }
    }

    /**
     * Stops the embedded server when this process is gone however it went (killed, or ended by
     * its toolkit when the desktop session died, which runs no shutdown hook): a small shell loop,
     * outside the JVM, that waits for this process and then asks that exact postmaster for a fast
     * shutdown. Without a shell (Windows) the next start stops a leftover server instead.
     */
    private static void watchdog(Path pgData) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) return;
        try {
            String postmaster = Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip();
            if (!postmaster.matches("\\d+")) return;
            long me = ProcessHandle.current().pid();
            String script = "while kill -0 " + me + " 2>/dev/null; do sleep 1; done; "
                    + "ps -p " + postmaster + " -o comm= 2>/dev/null | grep -q postgres && kill -INT " + postmaster + "; exit 0";
            new ProcessBuilder("sh", "-c", script).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("No watchdog for the embedded database ({}); a leftover server is stopped at the next start", e.getMessage());
        }
    }

    public String jdbcUrl() { return postgres.getJdbcUrl("postgres", "postgres"); }

    public int port() { return postgres.getPort(); }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            if (runningIn != null) RUNNING.remove(runningIn);
        }
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}

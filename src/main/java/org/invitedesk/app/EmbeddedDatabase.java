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

    private EmbeddedDatabase(EmbeddedPostgres postgres) { this.postgres = postgres; }

    public static EmbeddedDatabase start(Path dataDir, boolean reset) {
        Path pgData = dataDir.resolve("pgdata");
        try {
            Files.createDirectories(dataDir);
            if (reset && Files.exists(pgData)) {
                LOG.info("Resetting the embedded database in {}", pgData);
                deleteTree(pgData);
            }
            long t0 = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-runtime").toFile())
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "32MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on") // zonky defaults to off; a lost SENDING mark would mean a second message
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            LOG.info("Embedded PostgreSQL on port {} in {} ms", pg.getPort(), (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedDatabase(pg);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean locked = why.toLowerCase(java.util.Locale.ROOT).contains("lock");
            for (Throwable c = e; c != null; c = c.getCause()) locked |= c instanceof java.nio.channels.OverlappingFileLockException;
            if (locked) {
                throw new UnavailableException("The embedded database in " + pgData
                        + " is in use by another copy of Invite Desk. Close it, or give this copy its own --data-dir.", e);
            }
            throw new UnavailableException("The embedded database could not start in " + pgData + ": " + firstLine(why)
                    + ". Check that the folder is writable, or start with --reset-demo.", e);
        }
    }

    public String jdbcUrl() { return postgres.getJdbcUrl("postgres", "postgres"); }

    public int port() { return postgres.getPort(); }

    @Override
    public void close() throws IOException { postgres.close(); }

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

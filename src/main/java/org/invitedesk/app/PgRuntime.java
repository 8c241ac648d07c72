package org.invitedesk.app;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the embedded database's PostgreSQL programs lie. By default the first start in a data
 * folder unpacks them there ({@code pg-runtime}, 15 MB of xz read in Java: about 1.5 s). The
 * installed app unpacks them once, at install ({@code postinst} runs {@link #main}), into the
 * folder the launcher names with {@code -Dinvitedesk.pgRuntime}; every start, of every user, then
 * uses that folder (it is only read: zonky finds its {@code PG-<md5>/.exists} mark and unpacks
 * nothing).
 */
public final class PgRuntime {
    static final String PROPERTY = "invitedesk.pgRuntime";

    private PgRuntime() { }

    /** The folder to run PostgreSQL from: the installed one when it is complete, else {@code dataDir/pg-runtime}. */
    static Path folder(Path dataDir) {
        return installed(System.getProperty(PROPERTY)).orElse(dataDir.resolve("pg-runtime"));
    }

    /** {@code dir} when it holds a completely unpacked PostgreSQL (zonky's mark), else empty. */
    static Optional<Path> installed(String dir) {
        if (dir == null || dir.isBlank()) return Optional.empty();
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) return Optional.empty();
        try (DirectoryStream<Path> unpacked = Files.newDirectoryStream(p, "PG-*")) {
            for (Path d : unpacked) {
                if (Files.exists(d.resolve(".exists"))) return Optional.of(p);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Unpacks this jar's PostgreSQL into {@code dir} as a start would (zonky's own unpacking, so its mark is the one it looks for). */
    static void unpack(Path dir) throws Exception {
        Files.createDirectories(dir);
        Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
        prepare.setAccessible(true);
        // a resolver of its own: zonky remembers, per resolver, where it unpacked last in this JVM, and would answer with that
        PgBinaryResolver fresh = (system, architecture) -> DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
        prepare.invoke(null, fresh, dir.toFile());
        if (installed(dir.toString()).isEmpty()) throw new IOException("nothing unpacked into " + dir);
    }

    /** For the installer: {@code java -cp invite-desk.jar org.invitedesk.app.PgRuntime DIR}. Exit 0 when unpacked, 1 otherwise. */
    public static void main(String[] args) {
        System.setProperty(LogFiles.PROPERTY, LogFiles.NONE);
        try {
            unpack(Path.of(args[0]));
        } catch (Exception e) {
            Throwable why = e instanceof java.lang.reflect.InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
            System.err.println("PostgreSQL could not be unpacked into " + args[0] + ": " + why);
            System.exit(1);
        }
    }
}

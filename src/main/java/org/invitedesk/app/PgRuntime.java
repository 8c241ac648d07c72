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

/**
 * Where the embedded database's PostgreSQL programs lie. By default the first start in a data
 * folder unpacks them there ({@code pg-runtime}, 15 MB of xz read in Java: about 1.5 s). The
 * installed app unpacks them once, at install ({@code postinst} runs {@link #main}), into the
 * folder the launcher names with {@code -Dinvitedesk.pgRuntime}; a data folder's
 * {@code pg-runtime} then only holds a link to it, and zonky, finding its {@code PG-<md5>/.exists}
 * mark through the link, unpacks nothing. The installed folder is never zonky's working folder
 * (zonky makes that writable by all when root starts it), and whatever is wrong with it (missing,
 * half unpacked, for another jar) leaves the start unpacking into the data folder as before.
 */
public final class PgRuntime {
    static final String PROPERTY = "invitedesk.pgRuntime";

    private PgRuntime() { }

    /** The folder zonky works in: {@code dataDir/pg-runtime}, linked to the installed programs when they are complete. */
    static Path folder(Path dataDir) {
        Path own = dataDir.resolve("pg-runtime");
        for (Path unpacked : installed(System.getProperty(PROPERTY))) link(own, unpacked);
        return own;
    }

    private static void link(Path own, Path unpacked) {
        Path link = own.resolve(unpacked.getFileName());
        try {
            if (Files.isSymbolicLink(link) && !Files.exists(link)) Files.delete(link); // the app was removed or upgraded since
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return; // unpacked here, or linked, before
            Files.createDirectories(own);
            Files.createSymbolicLink(link, unpacked);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no link: the start unpacks into the data folder
        }
    }

    /** The completely unpacked {@code PG-*} folders in {@code dir} (zonky's own test: its mark newer than everything else there). */
    static java.util.List<Path> installed(String dir) {
        java.util.List<Path> ready = new java.util.ArrayList<>();
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) return ready;
        try (DirectoryStream<Path> unpacked = Files.newDirectoryStream(Path.of(dir), "PG-*")) {
            for (Path d : unpacked) {
                if (ready(d.toFile())) ready.add(d.toAbsolutePath().normalize());
            }
        } catch (IOException e) {
            return java.util.List.of();
        }
        return ready;
    }

    private static boolean ready(File pgDir) {
        File mark = new File(pgDir, ".exists");
        if (!mark.exists()) return false;
        File[] others = pgDir.listFiles(f -> !f.equals(mark));
        long newest = 0;
        for (File f : others == null ? new File[0] : others) newest = Math.max(newest, f.lastModified());
        return pgDir.lastModified() - 100 <= mark.lastModified() && newest <= mark.lastModified();
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

package org.invitedesk.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * "Remember me" of the sign-in form: the database login and password a person chose to keep, for
 * one database URL, in a file beside their configuration that only they may read (created
 * rw-------, like ~/.pgpass; a copy others can read is never used). Nothing is written unless
 * they ticked the box; unticking it at the next sign-in deletes the file.
 */
public final class SavedSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SavedSignIn.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What was kept. {@link #toString()} never shows the password. */
    public record Credentials(String login, String password) {
        @Override public String toString() { return "Credentials[login=" + login + ", password=****]"; }
    }

    private final Path file;

    public SavedSignIn(Path file) { this.file = file; }

    /** Beside the configuration file: {@code remembered-sign-in.properties}. */
    public static SavedSignIn beside(Path configFile) {
        return new SavedSignIn(configFile.toAbsolutePath().resolveSibling("remembered-sign-in.properties"));
    }

    public Path file() { return file; }

    /** The login and password kept for {@code dbUrl}; empty when none, for another database, or readable by others. */
    public Optional<Credentials> load(String dbUrl) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            if (readableByOthers()) {
                LOG.warn("Not using {}: other users can read it (it should be rw-------)", file);
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (!dbUrl.equals(p.getProperty("db.url")) || p.getProperty("db.user") == null || p.getProperty("db.password") == null) {
                return Optional.empty();
            }
            return Optional.of(new Credentials(p.getProperty("db.user"), p.getProperty("db.password")));
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps the login and password for {@code dbUrl}, replacing what was kept; the file is the person's alone from its first byte. */
    public void save(String dbUrl, String login, String password) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp;
        try {
            tmp = Files.createTempFile(file.getParent(), ".sign-in", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(file.getParent(), ".sign-in", ".tmp"); // Windows: the user's own profile folder
        }
        Properties p = new Properties();
        p.setProperty("db.url", dbUrl);
        p.setProperty("db.user", login);
        p.setProperty("db.password", password);
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Invite Desk: the sign-in kept by \"Remember me\"; delete this file to forget it");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.getMessage());
        }
    }

    private boolean readableByOthers() throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }
}

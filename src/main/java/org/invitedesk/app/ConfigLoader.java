package org.invitedesk.app;

import org.invitedesk.domain.BadInputException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads configuration: {@code invite-desk.properties} in the user's config folder, then
 * environment variables ({@code INVITE_DESK_DB_URL} for {@code db.url}, and so on), then the
 * flags given on the command line. Later sources win.
 */
public final class ConfigLoader {

    /** Every key the application reads, in the order the README lists them. */
    public static final String[] KEYS = {
            "data.dir", "db.url", "db.user", "db.password",
            "smtp.host", "smtp.port", "smtp.security", "smtp.user", "smtp.password",
            "smtp.connections", "smtp.rate", "smtp.dailyLimit", "user", "invite.expiry.days", "portal.port"};

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) { this.env = env; }

    public static ConfigLoader fromSystem() { return new ConfigLoader(System.getenv()); }

    public static String envName(String key) {
        return "INVITE_DESK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public Path defaultConfigFile() {
        String explicit = env.get("INVITE_DESK_CONFIG");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("invite-desk").resolve("invite-desk.properties");
    }

    private Path defaultDataDir() {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("invite-desk");
    }

    /**
     * @param flags values given on the command line, by key (null values are ignored)
     */
    public AppConfig load(Path configFile, Map<String, String> flags, boolean resetDemo) {
        Path file = configFile != null ? configFile : defaultConfigFile();
        Map<String, String> v = new HashMap<>();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new BadInputException("Cannot read the configuration file " + file + ": " + e.getMessage()
                        + ". Fix or remove it.");
            }
            for (String k : KEYS) {
                String s = p.getProperty(k);
                if (s != null && !s.isBlank()) v.put(k, s.trim());
            }
            if (v.containsKey("db.password") || v.containsKey("smtp.password")) requireOwnerOnly(file);
        }
        for (String k : KEYS) {
            String s = env.get(envName(k));
            if (s != null && !s.isBlank()) v.put(k, s.trim());
        }
        flags.forEach((k, s) -> { if (s != null) v.put(k, s.trim()); });

        String security = v.getOrDefault("smtp.security", "none").toUpperCase(Locale.ROOT);
        AppConfig.SmtpSecurity sec;
        try {
            sec = AppConfig.SmtpSecurity.valueOf(security);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("smtp.security must be none, starttls or smtps, not '" + security.toLowerCase(Locale.ROOT) + "'.");
        }
        int defaultPort = sec == AppConfig.SmtpSecurity.SMTPS ? 465 : 25;
        return new AppConfig(
                Path.of(v.getOrDefault("data.dir", defaultDataDir().toString())).toAbsolutePath(),
                file,
                v.get("db.url"), v.get("db.user"), v.get("db.password"),
                v.get("smtp.host"), intValue(v, "smtp.port", defaultPort, 1, 65535), sec,
                v.get("smtp.user"), v.get("smtp.password"),
                intValue(v, "smtp.connections", 4, 1, 32),
                rateValue(v, "smtp.rate"),
                v.get("user"),
                intValue(v, "invite.expiry.days", 14, 1, 365),
                resetDemo,
                2000,
                intValue(v, "smtp.dailyLimit", 0, 0, 10_000_000),
                intValue(v, "portal.port", 8765, 0, 65535));
    }

    /** Like ssh with a private key: a file holding a password must not be readable by other users. */
    static void requireOwnerOnly(Path file) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                throw new BadInputException("The configuration file " + file + " holds a password and other users can read it. "
                        + "Make it yours alone (chmod 600 " + file + "), or put the password in INVITE_DESK_DB_PASSWORD / INVITE_DESK_SMTP_PASSWORD instead.");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system (Windows: the file lives in the user's own profile)
        }
    }

    private static int intValue(Map<String, String> v, String key, int dflt, int min, int max) {
        String s = v.get(key);
        if (s == null) return dflt;
        try {
            int i = Integer.parseInt(s);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new BadInputException(key + " must be a whole number from " + min + " to " + max + ", not '" + s + "'.");
        }
    }

    private static double rateValue(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null) return 0;
        try {
            return org.invitedesk.mail.RateLimiter.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(key + " " + e.getMessage() + ".");
        }
    }
}

package org.invitedesk.bench;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.ConfigLoader;

import java.nio.file.Path;
import java.util.Map;

/**
 * A benchmark's database, named by its first argument: a folder (the embedded server the app
 * starts there, as a new user's first run does) or a JDBC URL (a server of one's own, such as a
 * stock PostgreSQL; the login and password then come from INVITE_DESK_DB_USER and
 * INVITE_DESK_DB_PASSWORD, as for the app).
 */
final class BenchDatabase {
    private BenchDatabase() { }

    static AppConfig config(String folderOrUrl) {
        Path none = Path.of(System.getProperty("java.io.tmpdir"), "invite-desk-bench-none.properties");
        return folderOrUrl.startsWith("jdbc:")
                ? new ConfigLoader(System.getenv()).load(none, Map.of("db.url", folderOrUrl), false)
                : new ConfigLoader(Map.of()).load(none, Map.of("data.dir", folderOrUrl), false);
    }
}

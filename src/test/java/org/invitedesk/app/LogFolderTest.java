package org.invitedesk.app;

import org.invitedesk.data.Database;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The log file is in the data folder the configuration names, whichever source names it (here: the properties file). */
class LogFolderTest {
    @Test
    void aDataFolderSetInThePropertiesFileHoldsTheLog(@TempDir Path dir) throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
        }
        Path data = dir.resolve("data");
        Path config = dir.resolve("invite-desk.properties");
        Files.writeString(config, "data.dir=" + data + "\ndb.url=" + url + "\ndb.user=postgres\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.invitedesk.app.Launcher", "--config", config.toString(), "divisions")
                .redirectErrorStream(true);
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("XDG_DATA_HOME");
        pb.environment().remove("INVITE_DESK_DATA_DIR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Path log = data.resolve("logs").resolve("invite-desk.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).contains("Schema checked");
        assertThat(dir.resolve("home").resolve(".local/share/invite-desk/logs")).doesNotExist();
    }
}

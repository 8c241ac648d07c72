package org.invitedesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL unpacked once, as the installer does, serves a new data folder's first start, which then unpacks nothing. */
class PgRuntimeTest {

    @Test
    void aNewDataFolderStartsFromTheUnpackedRuntimeAndUnpacksNothing(@TempDir Path dir) throws Exception {
        Path runtime = dir.resolve("lib/pg-runtime");
        PgRuntime.unpack(runtime); // what postinst runs
        assertThat(PgRuntime.installed(runtime.toString())).contains(runtime);

        // a new process, as a person's first start: the app's own command on a new data folder
        Path data = dir.resolve("data");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + PgRuntime.PROPERTY + "=" + runtime, "-cp", System.getProperty("java.class.path"),
                "org.invitedesk.app.Launcher", "--data-dir", data.toString(), "--config", data.resolve("none.properties").toString(),
                "divisions").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("\"code\":\"NVW\"");
        assertThat(data.resolve("pg-runtime")).as("unpacked again into the data folder").doesNotExist();
        assertThat(data.resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void aMissingOrHalfUnpackedRuntimeIsNotUsed(@TempDir Path dir) throws Exception {
        assertThat(PgRuntime.installed(null)).isEmpty();
        assertThat(PgRuntime.installed(dir.resolve("absent").toString())).isEmpty();
        Files.createDirectories(dir.resolve("half/PG-0123")); // unpacking stopped before zonky's mark
        assertThat(PgRuntime.installed(dir.resolve("half").toString())).isEmpty();
        System.setProperty(PgRuntime.PROPERTY, dir.resolve("half").toString());
        try {
            assertThat(PgRuntime.folder(dir.resolve("data"))).isEqualTo(dir.resolve("data/pg-runtime"));
        } finally {
            System.clearProperty(PgRuntime.PROPERTY);
        }
    }
}

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
        assertThat(PgRuntime.installed(runtime.toString())).hasSize(1);
        Path unpacked = PgRuntime.installed(runtime.toString()).get(0);

        // a new process, as a person's first start: the app's own command on a new data folder
        Path data = dir.resolve("data");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + PgRuntime.PROPERTY + "=" + runtime, "-cp", System.getProperty("java.class.path"),
                "org.invitedesk.app.Launcher", "--data-dir", data.toString(), "--config", data.resolve("none.properties").toString(),
                "divisions").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("\"code\":\"NVW\"");
        // the data folder holds a link to the installed programs, and nothing unpacked
        try (java.util.stream.Stream<Path> own = Files.list(data.resolve("pg-runtime"))) {
            assertThat(own.toList()).singleElement().satisfies(link -> {
                assertThat(Files.isSymbolicLink(link)).as(link + " is a link").isTrue();
                assertThat(Files.readSymbolicLink(link)).isEqualTo(unpacked);
            });
        }
        assertThat(data.resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void aMissingHalfUnpackedOrRemovedRuntimeIsNotLinked(@TempDir Path dir) throws Exception {
        assertThat(PgRuntime.installed(null)).isEmpty();
        assertThat(PgRuntime.installed(dir.resolve("absent").toString())).isEmpty();
        Files.createDirectories(dir.resolve("half/PG-0123/bin")); // unpacking stopped before zonky's mark
        assertThat(PgRuntime.installed(dir.resolve("half").toString())).isEmpty();
        Path data = dir.resolve("data");
        System.setProperty(PgRuntime.PROPERTY, dir.resolve("half").toString());
        try {
            assertThat(PgRuntime.folder(data)).isEqualTo(data.resolve("pg-runtime"));
            assertThat(data.resolve("pg-runtime")).doesNotExist();
            // a link left from an installed app since removed or upgraded is made again to what is installed now
            Files.createDirectories(data.resolve("pg-runtime"));
            Files.createSymbolicLink(data.resolve("pg-runtime/PG-0123"), dir.resolve("removed/PG-0123"));
            Files.writeString(dir.resolve("half/PG-0123/.exists"), "");
            PgRuntime.folder(data);
            assertThat(Files.readSymbolicLink(data.resolve("pg-runtime/PG-0123"))).isEqualTo(dir.resolve("half/PG-0123").toAbsolutePath());
        } finally {
            System.clearProperty(PgRuntime.PROPERTY);
        }
    }
}

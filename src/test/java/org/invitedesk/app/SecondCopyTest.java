package org.invitedesk.app;

import org.invitedesk.domain.UnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A second copy of the app on the same data folder is refused with one clear sentence; the first keeps running. */
class SecondCopyTest {
    @Test
    void aCopyKilledWithItsDatabaseRunningDoesNotBlockTheNextStart(@TempDir Path dir) throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.invitedesk.tools.HoldEmbedded", dir.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) { /* wait for the database */ }
        }
        killed.destroyForcibly(); // SIGKILL: no shutdown hook stops its PostgreSQL
        killed.waitFor();
        // its server may still be running (the watchdog stops it within a second or two): the next start copes either way

        long t0 = System.nanoTime();
        try (EmbeddedDatabase next = EmbeddedDatabase.start(dir, false);
             var c = java.sql.DriverManager.getConnection(next.jdbcUrl(), "postgres", null); var st = c.createStatement();
             var rs = st.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written before the kill");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds to start after the kill").isLessThan(30);
    }

    @Test
    void withoutADisplayTheWindowCommandSaysWhatToDoInOneLine(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.invitedesk.app.Launcher", "--data-dir", dir.toString()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("display").contains("divisions").doesNotContain("Exception");
    }

    @Test
    void aSecondEmbeddedDatabaseOnTheSameFolderIsRefusedAndTheFirstIsUntouched(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, false)) {
            Throwable second = catchThrowable(() -> EmbeddedDatabase.start(dir, false).close());
            assertThat(second).isInstanceOf(UnavailableException.class);
            assertThat(second.getMessage()).contains("in use by another copy of Invite Desk").doesNotContain("\n");
            // and a second copy in its own JVM, as a user would start it
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.invitedesk.app.Launcher", "--data-dir", dir.toString(), "divisions")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isEqualTo(1);
            assertThat(out).contains("in use by another copy of Invite Desk").doesNotContain("Exception").doesNotContain("\tat ");
            try (var c = java.sql.DriverManager.getConnection(first.jdbcUrl(), "postgres", null); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("the first copy's database still answers").isTrue();
            }
        }
    }

    /** A copy that dies without shutting down (kill -9, or its desktop session gone) leaves no PostgreSQL running. */
    @Test
    void theEmbeddedServerStopsWhenItsAppDiesHoweverItDied(@TempDir Path dir) throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.invitedesk.tools.HoldEmbedded", dir.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) { /* wait for the database */ }
        }
        long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(dir.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
        killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
        killed.waitFor();
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
    }
}

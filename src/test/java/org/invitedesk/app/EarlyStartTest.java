package org.invitedesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.invitedesk.domain.Division;
import org.invitedesk.service.InviteService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's launch starts the database at once, while JavaFX starts: the window's start then
 * uses that one (a second embedded start on the folder would be refused), and a window closed
 * before it got there still stops the database.
 */
class EarlyStartTest {

    private static AppConfig embedded(Path dir) {
        return new ConfigLoader(Map.of()).load(dir.resolve("none.properties"), Map.of("data.dir", dir.toString()), false);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void theDatabaseStartsBeforeTheWindowAsksAndTheWindowUsesThatOne(@TempDir Path dir) throws Exception {
        WindowLaunch launch = new WindowLaunch(embedded(dir));
        try {
            // nobody has called start yet: the database is coming up by itself
            waitFor("the embedded database to run", () -> Files.exists(dir.resolve("pgdata/postmaster.pid")));
            Injector injector = launch.start(binder -> { });
            assertThat(injector.getInstance(InviteService.class).divisions()).extracting(Division::code).contains("NVW");
        } finally {
            launch.stop();
        }
        assertThat(dir.resolve("pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    void aWindowClosedBeforeItUsedTheDatabaseStillStopsIt(@TempDir Path dir) throws Exception {
        WindowLaunch launch = new WindowLaunch(embedded(dir));
        waitFor("the embedded database to run", () -> Files.exists(dir.resolve("pgdata/postmaster.pid")));
        launch.stop(); // the window closed (or failed) before its start ran
        waitFor("the embedded database to stop", () -> !Files.exists(dir.resolve("pgdata/postmaster.pid")));
        // and the folder is free for the next start
        try (AppStarter.Running next = AppStarter.start(embedded(dir), true)) {
            assertThat(next.infrastructure().usesEmbeddedDatabase()).isTrue();
        }
    }

    @Test
    void aWindowClosedWhileTheDatabaseIsStillStartingWaitsForItAndStopsIt(@TempDir Path dir) throws Exception {
        WindowLaunch launch = new WindowLaunch(embedded(dir));
        launch.stop(); // at once: the early start is still under way, and the process would exit next
        assertThat(dir.resolve("pgdata/postmaster.pid")).as("a server left running").doesNotExist();
        try (AppStarter.Running next = AppStarter.start(embedded(dir), true)) {
            assertThat(next.infrastructure().usesEmbeddedDatabase()).isTrue();
        }
    }
}

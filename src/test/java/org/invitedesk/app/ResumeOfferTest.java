package org.invitedesk.app;

import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.ui.InviteDeskApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window started after a crash: the process that ran a batch died with one row handed to SMTP
 * and one still queued. The window settles what the dead run left (the handed row is in doubt,
 * not "queued") and, once it knows the user may send, offers to resume the batch with those figures.
 */
@ExtendWith(ApplicationExtension.class)
class ResumeOfferTest {
    static String url;
    static long batch;
    @TempDir static Path dir;
    WindowLaunch launch;

    @BeforeAll
    static void aRunDiedMidBatch() throws Exception {
        url = TestPostgres.newDatabaseUrl().replaceAll("[?&]user=[^&]*", "");
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
            batch = new Services(db, MailSettings.plain("127.0.0.1", 1)).queue
                    .queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo").batchId();
        }
        // the dead process: its runner claimed one row and was handing it to SMTP when it died (its connection closes)
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement()) {
            long runner = one(st, "SELECT invite_register_runner('WINDOW', 'h', 1, 'demo')");
            one(st, "SELECT invite_attach_runner(" + runner + ", " + batch + ")");
            one(st, "SELECT invite_open_slot(" + runner + ", 0, " + batch + ")");
            long claimed = one(st, "SELECT id FROM invite_claim(" + runner + ", " + batch + ", 1, ARRAY['h1'])");
            one(st, "SELECT invite_hand(" + runner + ", ARRAY[0], ARRAY[" + claimed + "]::bigint[], ARRAY[NULL]::bigint[], ARRAY[NULL]::bigint[])");
            st.execute("UPDATE invitation_batch SET status = 'SENDING' WHERE id = " + batch);
        }
    }

    static long one(Statement st, String sql) throws Exception {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Start
    void start(Stage stage) {
        AppConfig config = new ConfigLoader(Map.of()).load(dir.resolve("invite-desk.properties"),
                Map.of("data.dir", dir.resolve("data").toString(), "db.url", url, "db.user", "postgres", "user", "demo",
                        "smtp.host", "127.0.0.1"), false);
        launch = new WindowLaunch(config);
        InviteDeskApplication.prepare(launch);
        new InviteDeskApplication().start(stage);
    }

    @AfterEach
    void stop() { launch.stop(); }

    @Test
    void offersToResumeWithTheFiguresTheDeadRunLeft(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").queryAll().stream()
                .anyMatch(n -> n instanceof DialogPane d && d.getContentText() != null && d.getContentText().startsWith("Batch " + batch)));
        DialogPane offer = (DialogPane) robot.lookup(".dialog-pane").queryAll().stream()
                .filter(n -> n instanceof DialogPane d && d.getContentText() != null && d.getContentText().startsWith("Batch " + batch))
                .findFirst().orElseThrow();
        assertThat(offer.getContentText()).contains("1 still queued, 1 in doubt, 0 sent");
        assertThat(offer.lookupAll(".button").stream().map(b -> ((Button) b).getText())).contains("Resume");
        robot.interact(() -> offer.lookupAll(".button").stream().map(b -> (Button) b).filter(b -> b.getText().equals("Cancel"))
                .findFirst().orElseThrow().fire());
    }
}

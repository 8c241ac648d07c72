package org.invitedesk.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SmtpSink;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.ui.batches.BatchesViewModel;
import org.invitedesk.ui.common.FxUiExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The Batches window on a real PostgreSQL and a real SMTP server: every decision about a batch without a command line. */
@ExtendWith(ApplicationExtension.class)
class BatchesWindowTest {
    static final SendOptions FAST = SendOptions.defaults().withRetryBase(Duration.ofMillis(10)).withPauseAfter(50);
    Database db;
    SmtpSink sink;
    Services s;
    AppStarter.Running app;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        String url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 12);
        db.migrate();
        Fixture.load(db);
        Services.addBulkContacts(db, 10);
        sink = new SmtpSink(0, null, true);
        s = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
    }

    void openAs(FxRobot robot, String user) throws Exception {
        String url = db.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getJdbcUrl();
        AppConfig cfg = new ConfigLoader(Map.of()).load(Path.of("/nonexistent/invite-desk.properties"),
                Map.of("db.url", url, "db.user", "postgres", "smtp.host", "127.0.0.1", "smtp.port", String.valueOf(sink.port()),
                        "user", user, "data.dir", System.getProperty("invitedesk.test.dir", "target/test-data")), false);
        robot.interact(() -> {
            app = AppStarter.start(cfg, false, new UiModule(stage, new FxUiExecutor()));
            MainWindow.applyTheme();
            MainWindow.show(stage, app.injector());
            stage.show();
        });
        robot.clickOn("#batchesButton");
        waitFor(() -> robot.lookup("#batchesTable").tryQuery().isPresent());
    }

    @AfterEach
    void close() {
        if (app != null) app.close();
        sink.close();
        db.close();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception { WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c); }

    TableView<Batch> table(FxRobot robot) { return robot.lookup("#batchesTable").queryAs(TableView.class); }

    Batch row(FxRobot robot, long id) {
        return table(robot).getItems().stream().filter(b -> b.id() == id).findFirst().orElse(null);
    }

    void select(FxRobot robot, long id) throws Exception {
        waitFor(() -> row(robot, id) != null);
        robot.interact(() -> table(robot).getSelectionModel().select(row(robot, id)));
    }

    /** The window reads the batches every second and enables a button for the selected one's state: a click before that is lost. */
    static boolean enabled(FxRobot robot, String button) { return !robot.lookup(button).queryAs(Button.class).isDisabled(); }

    void confirm(FxRobot robot, String action) throws Exception {
        waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> action.equals(b.getText())));
        robot.clickOn(robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> action.equals(b.getText())).findFirst().orElseThrow());
    }

    /**
     * Clicks a decision's button and confirms it, as a person would: a click that a late dialog of
     * the main window (a finished run's summary, modal) swallowed is made again once that is closed.
     */
    void decide(FxRobot robot, String button, String action) throws Exception {
        for (int attempt = 1; ; attempt++) {
            waitFor(() -> enabled(robot, button));
            // the main window may have come in front of this one since (its counts, a finished
            // run's summary): bring this one back first, as a person would click on it
            robot.interact(() -> ((Stage) table(robot).getScene().getWindow()).toFront());
            if (attempt < 3) {
                robot.clickOn(button);
            } else {
                // a click that landed nowhere twice: the button's own action (what the click does)
                robot.interact(() -> robot.lookup(button).queryAs(Button.class).fire());
            }
            try {
                WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> dialogHas(robot, action) || dialogHas(robot, "OK"));
            } catch (java.util.concurrent.TimeoutException e) {
                if (attempt == 3) throw e;
                continue;
            }
            if (dialogHas(robot, action)) {
                confirm(robot, action);
                return;
            }
            confirm(robot, "OK");
            if (attempt == 3) throw new AssertionError("the decision's dialog never opened");
        }
    }

    static boolean dialogHas(FxRobot robot, String action) {
        return robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> action.equals(b.getText()));
    }

    long queueD2() { return s.queue.queue(InviteFilter.forDivision("D2"), "Standard", "two@division.example", "demo").batchId(); }

    SendSummary run(long id) { return s.runner.run(id, "demo", FAST, SendListener.NONE, new AtomicBoolean()); }

    @Test
    void aPausedBatchIsResumedFromTheWindow(FxRobot robot) throws Exception {
        long id = queueD2();
        s.decisions.pause(id, "demo");
        openAs(robot, "demo");
        select(robot, id);
        waitFor(() -> row(robot, id).state().name().equals("PAUSED") && enabled(robot, "#resumeButton"));
        robot.clickOn("#resumeButton");
        confirm(robot, "Resume");
        waitFor(() -> sink.received().size() == 12);
        waitFor(() -> row(robot, id) != null && row(robot, id).state().name().equals("DONE") && row(robot, id).sent() == 12);
    }

    @Test
    void failedRowsAreRetriedFromTheWindow(FxRobot robot) throws Exception {
        sink.behaviour(new SmtpSink.Behaviour() {
            @Override public String onRecipient(String a) { return a.startsWith("other") ? "451 4.3.0 Try again later" : null; }
        });
        long id = queueD2();
        assertThat(run(id).failed()).isEqualTo(1);
        sink.behaviour(new SmtpSink.Behaviour() { });
        openAs(robot, "demo");
        select(robot, id);
        waitFor(() -> enabled(robot, "#retryButton"));
        robot.clickOn("#retryButton");
        confirm(robot, "Retry");
        waitFor(() -> sink.received().stream().anyMatch(r -> r.recipient().equalsIgnoreCase("other@x.com")));
        waitFor(() -> row(robot, id).failed() == 0 && row(robot, id).sent() == 12);
    }

    @Test
    void rowsInDoubtAreDecidedBothWaysFromTheWindow(FxRobot robot) throws Exception {
        long first = queueD2();
        run(first);
        long second = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo").batchId();
        run(second);
        // what a crash leaves behind: a row in doubt in each batch
        TestPostgres.exec(db, "UPDATE invitation SET status = 'IN_DOUBT', sent_at = NULL WHERE batch_id = " + first + " AND email_norm = 'other@x.com'",
                "UPDATE invitation SET status = 'IN_DOUBT', sent_at = NULL WHERE batch_id = " + second + " AND email_norm = 'bob@x.com'",
                "UPDATE invitation_batch SET status = 'PAUSED' WHERE id IN (" + first + ", " + second + ")");
        int before = sink.received().size();
        openAs(robot, "demo");
        select(robot, first);
        waitFor(() -> row(robot, first).state().name().equals("NEEDS_DECISION") && enabled(robot, "#resendButton"));
        robot.clickOn("#resendButton");
        confirm(robot, "Send again");
        waitFor(() -> sink.received().size() == before + 1);
        assertThat(sink.received().get(before).recipient()).isEqualToIgnoringCase("other@x.com");
        waitFor(() -> row(robot, first).inDoubt() == 0 && row(robot, first).state().name().equals("DONE"));
        // the main window says the resumed batch finished; close that before going on
        confirm(robot, "OK");
        robot.interact(() -> ((Stage) table(robot).getScene().getWindow()).toFront());

        select(robot, second);
        // the button acts on the selected batch's state, read every second: wait for it, as a person would
        waitFor(() -> row(robot, second).state().name().equals("NEEDS_DECISION") && enabled(robot, "#markSentButton"));
        decide(robot, "#markSentButton", "Mark as sent");
        waitFor(() -> row(robot, second).inDoubt() == 0 && row(robot, second).state().name().equals("DONE"));
        assertThat(sink.received()).hasSize(before + 1);
    }

    @Test
    void aBatchsResultsAreExportedOneRowPerInvitation(FxRobot robot) throws Exception {
        long id = queueD2();
        run(id);
        openAs(robot, "demo");
        select(robot, id);
        assertThat(robot.lookup("#exportButton").queryAs(Button.class).isDisabled()).isFalse();
        Path csv = Files.createTempFile("batch-results", ".csv");
        BatchesViewModel vm = (BatchesViewModel) table(robot).getProperties().get(BatchesViewModel.class);
        robot.interact(() -> vm.exportResults(csv));
        waitFor(() -> robot.lookup("#batchesStatus").queryAs(Label.class).getText().startsWith("Exported 12 row(s)"));
        assertThat(Files.readAllLines(csv)).hasSize(13).first().isEqualTo("email,contact,account,status,reason,attempts,sent_at");
        assertThat(Files.readString(csv)).contains("other@x.com,Otto Other,A6,SENT,,1,");
        // its rows' window names the batch and its filters, the division once
        robot.interact(vm::openRows);
        waitFor(() -> robot.lookup("#detailsHeading").tryQuery().isPresent());
        assertThat(robot.lookup("#detailsHeading").queryAs(Label.class).getText()).startsWith("Batch " + id + " (D2, never invited only)");
    }

    @Test
    void aViewerSeesTheBatchesButNoEnabledAction(FxRobot robot) throws Exception {
        long id = queueD2();
        s.decisions.pause(id, "demo");
        openAs(robot, "viewer");
        select(robot, id);
        waitFor(() -> robot.lookup("#batchesBanner").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#batchesBanner").queryAs(Label.class).getText()).contains("390");
        for (String b : new String[]{"#resumeButton", "#pauseButton", "#retryButton", "#retryAllButton", "#resendButton", "#markSentButton",
                "#exportButton"}) {
            assertThat(robot.lookup(b).queryAs(Button.class).isDisabled()).as(b).isTrue();
        }
    }
}

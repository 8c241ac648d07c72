package org.invitedesk.ui;

import com.icegreen.greenmail.util.ServerSetupTest;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Division;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.ui.common.FxUiExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window on a real PostgreSQL with the fixture, driven headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class BulkInviteWindowTest {
    AppStarter.Running backend;

    /** The app as the launcher starts it, on a fresh database with the fixture, with the window's module for {@code stage}. */
    static AppStarter.Running app(String user, Stage stage) {
        String url = TestPostgres.newDatabaseUrl();
        Database db = Database.open(url, "postgres", null, 4);
        db.migrate();
        Fixture.load(db);
        db.close();
        AppConfig cfg = new ConfigLoader(Map.of()).load(Path.of("/nonexistent/invite-desk.properties"),
                Map.of("db.url", url, "db.user", "postgres", "smtp.host", "127.0.0.1",
                        "smtp.port", String.valueOf(ServerSetupTest.SMTP.getPort()), "user", user,
                        "data.dir", System.getProperty("invitedesk.test.dir", "target/test-data")), false);
        return AppStarter.start(cfg, false, new UiModule(stage, new FxUiExecutor()));
    }

    @Start
    void start(Stage stage) {
        backend = app("demo", stage);
        MainWindow.applyTheme();
        MainWindow.show(stage, backend.injector());
        stage.show();
    }

    @AfterEach
    void close() { if (backend != null) backend.close(); }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c);
    }

    void chooseDivision(FxRobot robot, String code) throws Exception {
        ComboBox<Division> box = robot.lookup("#division").queryAs(ComboBox.class);
        waitFor(() -> !box.getItems().isEmpty());
        robot.interact(() -> box.getSelectionModel().select(box.getItems().stream().filter(d -> d.code().equals(code)).findFirst().orElseThrow()));
    }

    static java.util.List<String> emails(TableView<?> table) {
        return table.getItems().stream().map(r -> ((org.invitedesk.domain.DetailRow) r).email()).toList();
    }

    static java.util.List<String> accountNumbers(TableView<?> table) {
        return table.getItems().stream().map(r -> ((org.invitedesk.domain.DetailRow) r).accountNumber()).toList();
    }

    /** The table's order as its headers show it: "Column SORTTYPE", or "" when none. */
    static String sortedBy(TableView<?> table) {
        return table.getSortOrder().isEmpty() ? "" : table.getSortOrder().get(0).getText() + " " + table.getSortOrder().get(0).getSortType();
    }

    String count(FxRobot robot, String id) { return robot.lookup(id).queryAs(Hyperlink.class).getText(); }

    @Test
    void choosingADivisionShowsItsCountsAndFillsEmailFrom(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#activeService").queryAs(CheckBox.class).isDisabled()).isTrue();
        Stage main = (Stage) robot.lookup("#division").query().getScene().getWindow();
        assertThat(main.getIcons()).as("the app icon in every size").hasSizeGreaterThanOrEqualTo(6);
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countNotInvited").equals("4"));
        assertThat(count(robot, "#countInvitedNotAccepted")).isEqualTo("2");
        assertThat(count(robot, "#countHasPortal")).isEqualTo("2");
        assertThat(count(robot, "#countNoValidEmail")).isEqualTo("2");
        assertThat(count(robot, "#countWillReceive")).isEqualTo("2");
        assertThat(robot.lookup("#emailFrom").queryTextInputControl().getText()).isEqualTo("one@division.example");
    }

    /**
     * Choosing another division replaces the lookup lists under the searchable boxes, whose own
     * filtered copy of the list lagged behind and threw on the FX thread (a dialog per box and
     * change in the app), with a class chosen or not.
     */
    @Test
    void choosingAnotherDivisionReloadsTheListsWithoutAnError(FxRobot robot) throws Exception {
        java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> errors.add(e)));
        ComboBox<org.invitedesk.domain.Lookup> classes = robot.lookup("#accountClass").queryAs(ComboBox.class);
        chooseDivision(robot, "D1");
        waitFor(() -> classes.getItems().size() == 3); // (All), Commercial, Residential
        robot.interact(() -> classes.getSelectionModel().select(2));
        CheckBox limit = robot.lookup("#limitToNotInvited").queryAs(CheckBox.class);
        robot.interact(() -> limit.setSelected(false)); // "send again to those invited" in D1
        WaitForAsyncUtils.waitForFxEvents();
        chooseDivision(robot, "D2");
        waitFor(() -> classes.getItems().size() == 2);
        chooseDivision(robot, "D1");
        waitFor(() -> classes.getItems().size() == 3 && count(robot, "#countNotInvited").equals("4"));
        assertThat(classes.getValue()).as("the class list is back at (All)").isEqualTo(org.invitedesk.ui.invite.BulkInviteViewModel.ALL);
        assertThat(limit.isSelected()).as("another division starts limited to those never invited").isTrue();
        assertThat(errors).as("errors on the FX thread").isEmpty();
    }

    /** No valid email says why for each row: no address, not an address, or the server's refusal. */
    @Test
    void noValidEmailsDetailsSayWhyEachRowIsThere(FxRobot robot) throws Exception {
        TestPostgres.exec(backend.infrastructure().database(),
                "UPDATE email_status SET undeliverable_reason = 'rejected by mx.x.com: 550 5.1.1 no such user' WHERE email_norm = 'expired@x.com'");
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countNoValidEmail").equals("3"));
        robot.clickOn("#countNoValidEmail");
        waitFor(() -> robot.lookup("#detailsTable").tryQuery().isPresent());
        TableView<org.invitedesk.domain.DetailRow> table = robot.lookup("#detailsTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 3);
        javafx.scene.control.TableColumn<org.invitedesk.domain.DetailRow, ?> reason = table.getColumns().stream()
                .filter(c -> c.getText().equals("Reason")).findFirst().orElseThrow();
        java.util.Map<String, Object> byContact = new java.util.HashMap<>();
        for (org.invitedesk.domain.DetailRow r : table.getItems()) byContact.put(r.contactName(), reason.getCellData(r));
        assertThat(byContact).containsEntry("Carl Cole", "Not a valid email address").containsEntry("Ned Noemail", "No email address")
                .containsEntry("Ed Expired", "Undeliverable: rejected by mx.x.com: 550 5.1.1 no such user");
        // the same reason is what an export writes (last_error)
        assertThat(table.getItems()).allSatisfy(r -> assertThat(r.lastError()).isEqualTo(reason.getCellData(r)));
    }

    /** A searchable list's search field (ControlsFX) looks up Modena's colours: the theme names them, so CSS warns of nothing. */
    @Test
    void theSearchableListsFindEveryColourTheyLookUp(FxRobot robot) throws Exception {
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { warnings.add(String.valueOf(r.getMessage())); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        java.util.logging.Logger css = java.util.logging.Logger.getLogger("javafx.css");
        css.addHandler(h);
        try {
            chooseDivision(robot, "D1");
            ComboBox<?> classes = robot.lookup("#accountClass").queryAs(ComboBox.class);
            waitFor(() -> classes.getItems().size() == 3);
            robot.clickOn("#accountClass");
            waitFor(() -> robot.lookup(".custom-text-field").tryQuery().filter(javafx.scene.Node::isFocused).isPresent());
            robot.write("Res");
            WaitForAsyncUtils.waitForFxEvents();
            robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            css.removeHandler(h);
        }
        assertThat(warnings).as("CSS warnings").noneMatch(w -> w.contains("Could not resolve") || w.contains("ClassCastException"));
    }

    /** Withdrawing from the details window moves the address in the main window's counts too, and the details stay in front. */
    @Test
    void withdrawingAnInvitationMovesTheMainCounts(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countNotInvited").equals("4"));
        int invited = Integer.parseInt(count(robot, "#countInvitedNotAccepted"));
        assertThat(invited).isPositive();
        robot.clickOn("#countInvitedNotAccepted");
        waitFor(() -> robot.lookup("#detailsTable").tryQuery().isPresent());
        TableView<org.invitedesk.domain.DetailRow> table = robot.lookup("#detailsTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == invited && robot.lookup("#detailsWithdraw").query().isVisible());
        robot.interact(() -> table.getSelectionModel().select(0));
        Stage details = (Stage) table.getScene().getWindow();
        javafx.application.Platform.runLater(() -> robot.lookup("#detailsWithdraw").queryAs(Button.class).fire());
        waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> "Withdraw".equals(b.getText())));
        robot.clickOn(robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> "Withdraw".equals(b.getText())).findFirst().orElseThrow());
        waitFor(() -> count(robot, "#countInvitedNotAccepted").equals(String.valueOf(invited - 1)));
        assertThat(count(robot, "#countNotInvited")).isEqualTo("5");
        assertThat(details.isShowing()).isTrue();
    }

    @Test
    void tickingACheckboxRefreshesTheCounts(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countWillReceive").equals("2"));
        robot.clickOn("#limitToNotInvited");
        waitFor(() -> count(robot, "#countWillReceive").equals("4"));
        robot.clickOn("#billingContacts");
        waitFor(() -> count(robot, "#countNotInvited").equals("3"));
        robot.clickOn("#balanceDue");
        waitFor(() -> count(robot, "#countNotInvited").equals("1"));
    }

    @Test
    void anInvalidEmailFromDisablesSendAndSaysWhy(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        robot.interact(() -> {
            ComboBox<?> t = robot.lookup("#template").queryAs(ComboBox.class);
            t.getSelectionModel().select(0);
        });
        waitFor(() -> count(robot, "#countWillReceive").equals("2"));
        waitFor(() -> !robot.lookup("#send").queryAs(Button.class).isDisabled());
        robot.interact(() -> robot.lookup("#emailFrom").queryTextInputControl().setText("a@b.com, c@d.com"));
        waitFor(() -> robot.lookup("#send").queryAs(Button.class).isDisabled());
        assertThat(robot.lookup("#emailFromError").queryAs(Label.class).getText()).contains("one sender address");
        assertThat(robot.lookup("#sendTest").queryAs(Button.class).isDisabled()).as("a test needs a valid From too").isTrue();
        robot.interact(() -> robot.lookup("#emailFrom").queryTextInputControl().setText("billing@division.example"));
        waitFor(() -> !robot.lookup("#send").queryAs(Button.class).isDisabled());
        assertThat(robot.lookup("#sendTest").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void sendingFromTheWindowConfirmsShowsProgressThenASummaryAndRefreshesTheCounts(FxRobot robot) throws Exception {
        com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(ServerSetupTest.SMTP);
        mail.start();
        try {
            chooseDivision(robot, "D1");
            robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
            waitFor(() -> count(robot, "#countWillReceive").equals("2"));
            waitFor(() -> !robot.lookup("#send").queryAs(Button.class).isDisabled());
            robot.clickOn("#send");
            waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> "Send now".equals(b.getText())));
            Button confirm = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                    .filter(b -> "Send now".equals(b.getText())).findFirst().orElseThrow();
            robot.clickOn(confirm);
            waitFor(() -> robot.lookup(".dialog-pane").queryAll().stream().anyMatch(n -> n.getScene().getWindow() instanceof Stage st
                    && "Send finished".equals(st.getTitle())));
            assertThat(mail.getReceivedMessages()).hasSize(2);
            // the refreshed counts: the 4 contacts (2 addresses) now invited, beside the 2 before
            waitFor(() -> count(robot, "#countWillReceive").equals("0") && count(robot, "#countNotInvited").equals("0")
                    && count(robot, "#countInvitedNotAccepted").equals("6"));
            assertThat(robot.lookup("#status").queryAs(Label.class).getText() + robot.lookup("#progressText").queryAs(Label.class).getText())
                    .contains("sent 2");
        } finally {
            mail.stop();
        }
    }

    @Test
    void closingTheWindowDuringASendAsksFirstAndCancelKeepsItSending(FxRobot robot) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        org.invitedesk.mail.SmtpSink slow = new org.invitedesk.mail.SmtpSink(ServerSetupTest.SMTP.getPort(), null, true);
        slow.behaviour(new org.invitedesk.mail.SmtpSink.Behaviour() {
            @Override public String onData(String rcpt, long n) {
                try { release.await(20, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                return null;
            }
        });
        try {
            chooseDivision(robot, "D1");
            robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
            waitFor(() -> count(robot, "#countWillReceive").equals("2") && !robot.lookup("#send").queryAs(Button.class).isDisabled());
            // what the status line says while the send runs (the counts follow it quietly, without "Counting…")
            java.util.List<String> saidWhileSending = new java.util.concurrent.CopyOnWriteArrayList<>();
            Label statusLine = robot.lookup("#status").queryAs(Label.class);
            Button cancelButton = robot.lookup("#cancel").queryAs(Button.class);
            robot.interact(() -> statusLine.textProperty().addListener((o, was, now) -> { if (cancelButton.isVisible()) saidWhileSending.add(now); }));
            robot.clickOn("#send");
            waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> "Send now".equals(b.getText())));
            robot.clickOn(robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> "Send now".equals(b.getText())).findFirst().orElseThrow());
            waitFor(() -> robot.lookup("#cancel").queryAs(Button.class).isVisible());
            // every input that defines the running send is locked, the searchable lists too
            for (String id : new String[]{"#division", "#accountClass", "#billGroup", "#accountSource", "#siteSource", "#template", "#emailFrom"}) {
                assertThat(robot.lookup(id).query().isDisabled()).as(id).isTrue();
            }
            // the counts follow the send while it runs: the four contacts of its two addresses wait in it
            waitFor(() -> count(robot, "#countWaiting").equals("4") && count(robot, "#countNotInvited").equals("0"));
            assertThat(saidWhileSending).doesNotContain("Counting…");
            // who waits, and in which batch
            robot.clickOn("#countWaiting");
            waitFor(() -> robot.lookup("#detailsTable").tryQuery().isPresent()
                    && robot.lookup("#detailsTable").queryAs(TableView.class).getItems().size() == 4);
            TableView<org.invitedesk.domain.DetailRow> waitingRows = robot.lookup("#detailsTable").queryAs(TableView.class);
            javafx.scene.control.TableColumn<org.invitedesk.domain.DetailRow, ?> batchColumn = waitingRows.getColumns().stream()
                    .filter(c -> c.getText().equals("Batch")).findFirst().orElseThrow();
            long running = backend.injector().getInstance(org.invitedesk.service.send.Batches.class).list(1).get(0).id();
            assertThat(waitingRows.getItems()).allSatisfy(r -> assertThat(batchColumn.getCellData(r)).isEqualTo("Batch " + running));
            robot.interact(() -> robot.lookup("#detailsClose").queryAs(Button.class).fire());
            Stage main = (Stage) robot.lookup("#division").query().getScene().getWindow();
            // the close request opens a modal question (showAndWait): fire it without waiting for it
            javafx.application.Platform.runLater(() -> main.fireEvent(new javafx.stage.WindowEvent(main, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
            waitFor(() -> robot.lookup(".dialog-pane").queryAll().stream().anyMatch(n -> n instanceof javafx.scene.control.DialogPane d
                    && d.getContentText() != null && d.getContentText().startsWith("A send is running. Close anyway?")));
            Button keep = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                    .filter(b -> "Cancel".equals(b.getText())).findFirst().orElseThrow();
            robot.clickOn(keep);
            assertThat(main.isShowing()).isTrue();
            release.countDown();
            waitFor(() -> slow.received().size() == 2);
            waitFor(() -> count(robot, "#countWillReceive").equals("0"));
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void helpAboutShowsVersionsAndWhereThingsAreButNoPassword(FxRobot robot) throws Exception {
        robot.clickOn("Help");
        robot.clickOn("About Invite Desk");
        waitFor(() -> robot.lookup("#aboutDialog").tryQuery().isPresent());
        String text = ((javafx.scene.control.DialogPane) robot.lookup("#aboutDialog").query()).getContentText();
        assertThat(text).contains("Version 0.1.0").contains("Java 17").contains("JavaFX 21").contains("Log file: ")
                .contains("Data folder: ").contains("Config file: ").contains("PostgreSQL at ");
        assertThat(text.toLowerCase()).doesNotContain("password");
    }

    @Test
    void clickingACountOpensItsDetailsWithThatManyRowsAndADoubleClickOpensOneWindow(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countNotInvited").equals("4"));
        robot.doubleClickOn("#countNotInvited");
        waitFor(() -> robot.lookup("#detailsTable").tryQuery().isPresent());
        TableView<?> table = robot.lookup("#detailsTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 4);
        robot.clickOn("#countNotInvited");
        WaitForAsyncUtils.waitForFxEvents();
        long detailWindows = Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("Portal Invitation Details")).count();
        assertThat(detailWindows).isEqualTo(1);
        // the limit box does not change Not invited: its window comes to the front, no second one
        robot.interact(() -> robot.lookup("#limitToNotInvited").queryAs(javafx.scene.control.CheckBox.class).setSelected(false));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#countNotInvited").queryAs(Hyperlink.class).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("Portal Invitation Details")).count()).isEqualTo(1);
        robot.interact(() -> robot.lookup("#limitToNotInvited").queryAs(javafx.scene.control.CheckBox.class).setSelected(true));
        // the first order (account number) is shown on its header
        assertThat(sortedBy(table)).isEqualTo("Account # ASCENDING");
        // sorting by a column sorts in the database: ascending, then descending is its exact reverse
        javafx.scene.Node emailHeader = robot.lookup("#detailsTable .column-header .label").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Labeled l && "Email".equals(l.getText())).findFirst().orElseThrow();
        robot.clickOn(emailHeader);
        // sorted by the address as compared everywhere: trimmed and lower-cased (a leading space does not sort first)
        java.util.Comparator<String> normalised = java.util.Comparator.comparing(e -> e.strip().toLowerCase(java.util.Locale.ROOT));
        waitFor(() -> emails(table).equals(emails(table).stream().sorted(normalised).toList()) && !robot.lookup("#detailsStatus").queryAs(Label.class).getText().startsWith("Loading"));
        assertThat(emails(table).get(0)).isEqualTo("ann@x.com");
        java.util.List<String> asc = emails(table);
        robot.clickOn(emailHeader);
        waitFor(() -> { java.util.List<String> r = new java.util.ArrayList<>(asc); java.util.Collections.reverse(r); return emails(table).equals(r); });
        assertThat(sortedBy(table)).isEqualTo("Email DESCENDING");
        // a third click "unsorts" the column: the rows go back to their first order, and its arrow with them
        robot.clickOn(emailHeader);
        waitFor(() -> sortedBy(table).equals("Account # ASCENDING") && accountNumbers(table).equals(accountNumbers(table).stream().sorted().toList())
                && !emails(table).equals(asc) && !robot.lookup("#detailsStatus").queryAs(Label.class).getText().startsWith("Loading"));
        robot.interact(() -> robot.lookup("#detailsSearch").queryTextInputControl().setText("bob"));
        waitFor(() -> table.getItems().size() == 1);
        // the heading's count is the search's, and says so
        waitFor(() -> robot.lookup("#detailsHeading").queryAs(Label.class).getText().endsWith("— 1 contact matching “bob”"));
    }

    /** "Send at…" in the confirmation: a date and a time to come; the batch waits, scheduled, and nothing is sent now. */
    @Test
    void sendAtSchedulesTheBatchForADateAndTimeAndSendsNothingNow(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
        waitFor(() -> count(robot, "#countWillReceive").equals("2") && !robot.lookup("#send").queryAs(Button.class).isDisabled());
        robot.clickOn("#send");
        waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> "Send at…".equals(b.getText())));
        Label text = robot.lookup("#confirmSendDialog .content").queryAs(Label.class);
        assertThat(text.getText()).contains("This window sends: keep it open until it is done, or start a sender service.");
        Button sendAt = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> "Send at…".equals(b.getText())).findFirst().orElseThrow();
        // the date-and-time dialog opens with showAndWait from the button's handler: fire it without waiting
        javafx.application.Platform.runLater(sendAt::fire);
        waitFor(() -> robot.lookup("#sendAtDialog").tryQuery().isPresent());
        javafx.scene.control.TextField time = robot.lookup("#sendAtTime").queryAs(javafx.scene.control.TextField.class);
        Button ok = robot.lookup("#sendAtDialog .button").queryAllAs(Button.class).stream().filter(b -> "OK".equals(b.getText())).findFirst().orElseThrow();
        // the date without a day/month order to guess, and the time zone the time is in
        assertThat(robot.lookup("#sendAtDate").queryAs(javafx.scene.control.DatePicker.class).getEditor().getText())
                .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH).format(java.time.LocalDate.now().plusDays(1)));
        assertThat(robot.lookup("#sendAtZone").queryAs(Label.class).getText()).startsWith(java.time.ZoneId.systemDefault().getId() + " (UTC");
        robot.interact(() -> time.setText("25:99"));
        assertThat(ok.isDisabled()).isTrue();
        assertThat(robot.lookup("#sendAtProblem").queryAs(Label.class).getText()).contains("like 08:00");
        robot.interact(() -> time.setText("07:30"));
        assertThat(ok.isDisabled()).isFalse(); // tomorrow at 07:30
        javafx.application.Platform.runLater(ok::fire);
        waitFor(() -> robot.lookup("#progressText").queryAs(Label.class).getText().contains("scheduled"));
        org.invitedesk.domain.Batch b = backend.injector().getInstance(org.invitedesk.service.send.Batches.class).list(1).get(0);
        assertThat(b.status()).isEqualTo(org.invitedesk.domain.BatchStatus.SCHEDULED);
        assertThat(b.runAt().toLocalDateTime()).isEqualTo(java.time.LocalDate.now().plusDays(1).atTime(7, 30));
        assertThat(b.sent()).isZero();
        assertThat(robot.lookup("#progressText").queryAs(Label.class).getText()).contains("Scheduled for 07:30 on");
    }

    /** The confirmation's default button is Cancel: Enter closes it and sends nothing. */
    @Test
    void enterInTheConfirmationNeverSends(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
        waitFor(() -> count(robot, "#countWillReceive").equals("2") && !robot.lookup("#send").queryAs(Button.class).isDisabled());
        robot.clickOn("#send");
        waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> "Send now".equals(b.getText())));
        Button send = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> "Send now".equals(b.getText())).findFirst().orElseThrow();
        Button cancel = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> "Cancel".equals(b.getText())).findFirst().orElseThrow();
        assertThat(send.isDefaultButton()).isFalse();
        assertThat(cancel.isDefaultButton()).isTrue();
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(robot.lookup("#progressBox").query().isVisible()).isFalse();
        assertThat(robot.lookup("#status").queryAs(Label.class).getText()).startsWith("Ready: 2 invitations");
        Tooltip why = robot.lookup("#send").queryAs(Button.class).getTooltip();
        assertThat(why.getText()).isEmpty();
    }

    /** The details window says what it shows, closes with its button, Esc or Ctrl+W, and a second one opens beside the first. */
    @Test
    void theDetailsWindowSaysWhatItShowsClosesWithEscOrCtrlWAndCascades(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countNotInvited").equals("4"));
        robot.clickOn("#countNotInvited");
        waitFor(() -> robot.lookup("#detailsHeading").tryQuery().isPresent());
        Label heading = robot.lookup("#detailsHeading").queryAs(Label.class);
        waitFor(() -> heading.getText().endsWith("— 4 contacts"));
        // the limit box changes Will receive only: Not invited's heading does not name it
        assertThat(heading.getText()).startsWith("Not invited — Division One (D1)").doesNotContain("never invited only");
        Stage first = (Stage) heading.getScene().getWindow();
        Stage mainStage = (Stage) robot.lookup("#division").query().getScene().getWindow();
        robot.interact(mainStage::toFront);
        robot.clickOn("#countHasPortal");
        waitFor(() -> Window.getWindows().stream().filter(w -> w instanceof Stage st && st.getTitle() != null
                && st.getTitle().startsWith("Portal Invitation Details")).count() == 2);
        Stage second = (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage st && st.getTitle() != null
                && st.getTitle().startsWith("Portal Invitation Details — Has portal")).findFirst().orElseThrow();
        assertThat(second.getY()).as("cascaded, not on top of the first").isNotEqualTo(first.getY());
        // beside the counts, not over them: the next count stays one click away
        javafx.geometry.Bounds link = robot.lookup("#countWillReceive").query().localToScreen(robot.lookup("#countWillReceive").query().getLayoutBounds());
        for (Stage s : java.util.List.of(first, second)) {
            assertThat(new javafx.geometry.Rectangle2D(s.getX(), s.getY(), s.getWidth(), s.getHeight())
                    .intersects(link.getMinX(), link.getMinY(), link.getWidth(), link.getHeight())).as("a details window covers the counts").isFalse();
        }
        robot.interact(second::requestFocus);
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(() -> !second.isShowing());
        robot.interact(first::requestFocus);
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.W).release(javafx.scene.input.KeyCode.W, javafx.scene.input.KeyCode.CONTROL);
        waitFor(() -> !first.isShowing());
        robot.interact(mainStage::toFront);
        robot.clickOn("#countNotInvited");
        waitFor(() -> robot.lookup("#detailsClose").tryQuery().isPresent());
        Stage third = (Stage) robot.lookup("#detailsClose").query().getScene().getWindow();
        robot.clickOn("#detailsClose");
        waitFor(() -> !third.isShowing());
    }

    /** Preview shows From, To and Subject like a mail program, then the message. */
    @Test
    void previewShowsFromToAndSubject(FxRobot robot) throws Exception {
        chooseDivision(robot, "D1");
        waitFor(() -> count(robot, "#countWillReceive").equals("2"));
        // nothing to preview or test before a template is chosen
        assertThat(robot.lookup("#preview").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#sendTest").queryAs(Button.class).isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
        waitFor(() -> count(robot, "#countWillReceive").equals("2") && !robot.lookup("#preview").queryAs(Button.class).isDisabled());
        robot.clickOn("#preview");
        waitFor(() -> robot.lookup("#previewFrom").tryQuery().isPresent());
        assertThat(robot.lookup("#previewFrom").queryAs(Label.class).getText()).isEqualTo("one@division.example");
        assertThat(robot.lookup("#previewTo").queryAs(Label.class).getText()).isEqualTo("ann@x.com");
        assertThat(robot.lookup("#previewSubjectLine").queryAs(Label.class).getText()).isEqualTo("Hello Ann from Division One");
        // the HTML part, drawn without a browser engine: the merged text, and the link with its address
        javafx.scene.Node html = robot.lookup(".mail-html").query();
        java.util.List<javafx.scene.text.Text> texts = robot.from(html).lookup((javafx.scene.Node n) -> n instanceof javafx.scene.text.Text)
                .queryAllAs(javafx.scene.text.Text.class).stream().toList();
        assertThat(texts).extracting(javafx.scene.text.Text::getText)
                .anySatisfy(t -> assertThat(t).startsWith("Dear Ann "))
                .contains("Join");
        javafx.scene.text.Text link = texts.stream().filter(t -> t.getText().equals("Join")).findFirst().orElseThrow();
        assertThat(link.getStyleClass()).contains("mail-link");
        // its address, in the tooltip Tooltip.install keeps on the node
        assertThat(((javafx.scene.control.Tooltip) link.getProperties().get("javafx.scene.control.Tooltip")).getText())
                .contains("token=");
        // Esc closes it, as it does a details window; so does its Close button
        Stage preview = (Stage) robot.lookup("#previewFrom").query().getScene().getWindow();
        robot.interact(preview::requestFocus);
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(() -> !preview.isShowing());
        robot.clickOn("#preview");
        waitFor(() -> robot.lookup("#previewClose").tryQuery().isPresent());
        Stage again = (Stage) robot.lookup("#previewClose").query().getScene().getWindow();
        robot.clickOn("#previewClose");
        waitFor(() -> !again.isShowing());
    }
}

package org.invitedesk.ui;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.Division;
import org.invitedesk.support.LayoutCheck;
import org.invitedesk.ui.common.FxUiExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every window laid out at 1024x700 with real data: no text cut without a way to read it, no
 * control outside the window, no two controls on top of each other ({@link LayoutCheck}).
 */
@ExtendWith(ApplicationExtension.class)
class LayoutAt1024Test {
    AppStarter.Running app;
    Stage main;

    @Start
    void start(Stage stage) {
        main = stage;
        app = BulkInviteWindowTest.app("demo", stage);
        MainWindow.applyTheme();
        MainWindow.show(stage, app.injector());
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
    }

    @AfterEach
    void close() { if (app != null) app.close(); }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception { WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c); }

    List<String> check(FxRobot robot, Stage s) {
        AtomicReference<List<String>> found = new AtomicReference<>();
        robot.interact(() -> {
            s.setWidth(1024);
            s.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            s.getScene().getRoot().applyCss();
            s.getScene().getRoot().layout();
            found.set(LayoutCheck.problems(s.getScene()));
        });
        return found.get();
    }

    Stage window(String titleStart) {
        return (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage st && st.getTitle() != null
                && st.getTitle().startsWith(titleStart)).findFirst().orElseThrow();
    }

    void ready(FxRobot robot) throws Exception {
        ComboBox<Division> box = robot.lookup("#division").queryAs(ComboBox.class);
        waitFor(() -> !box.getItems().isEmpty());
        robot.interact(() -> box.getSelectionModel().select(box.getItems().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow()));
        robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
        waitFor(() -> robot.lookup("#countNotInvited").queryAs(Hyperlink.class).getText().equals("4"));
    }

    @Test
    void theMainWindow(FxRobot robot) throws Exception {
        ready(robot);
        assertThat(check(robot, main)).isEmpty();
        // the demo's longest division, as the combo shows it, fits beside its arrow at 1024
        ComboBox<?> division = robot.lookup("#division").queryAs(ComboBox.class);
        javafx.scene.text.Text longest = new javafx.scene.text.Text("Coastal Water Services (CWS)");
        robot.interact(() -> longest.setFont(((javafx.scene.control.ListCell<?>) division.lookup(".list-cell")).getFont()));
        assertThat(division.getWidth()).as("the division list's width").isGreaterThan(longest.getLayoutBounds().getWidth() + 50);
    }

    /** A batch to resume shows its progress between the buttons; the form's last row stays in view without scrolling. */
    @Test
    void theMainWindowWithABatchToResume(FxRobot robot) throws Exception {
        long id = app.injector().getInstance(org.invitedesk.service.send.BatchQueue.class)
                .queue(org.invitedesk.domain.InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo").batchId();
        org.invitedesk.support.TestPostgres.exec(app.infrastructure().database(), "UPDATE invitation_batch SET status = 'PAUSED', status_reason = "
                + "'Cancelled by the user; what was not sent stays queued and can be resumed.', sent = 1234, failed = 12, in_doubt = 3 WHERE id = " + id);
        ComboBox<Division> box = robot.lookup("#division").queryAs(ComboBox.class);
        waitFor(() -> !box.getItems().isEmpty());
        robot.interact(() -> box.getSelectionModel().select(box.getItems().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow()));
        waitFor(() -> robot.lookup("#resume").query().isVisible());
        assertThat(check(robot, main)).isEmpty();
        javafx.scene.Node template = robot.lookup("#template").query();
        javafx.scene.Node footer = robot.lookup(".footer").query();
        robot.interact(() -> assertThat(template.localToScene(template.getLayoutBounds()).getMaxY())
                .as("the template row's bottom against the footer's top")
                .isLessThanOrEqualTo(footer.localToScene(footer.getLayoutBounds()).getMinY()));
    }

    @Test
    void theDetailsWindow(FxRobot robot) throws Exception {
        ready(robot);
        robot.clickOn("#countNotInvited");
        waitFor(() -> robot.lookup("#detailsTable").tryQuery().isPresent()
                && robot.lookup("#detailsTable").queryAs(TableView.class).getItems().size() == 4);
        assertThat(check(robot, window("Portal Invitation Details"))).isEmpty();
    }

    /** Invited, not accepted has one button more (Withdraw): every button still in the window, beside the counts. */
    @Test
    void theInvitedNotAcceptedDetailsWindow(FxRobot robot) throws Exception {
        ready(robot);
        robot.clickOn("#countInvitedNotAccepted");
        waitFor(() -> robot.lookup("#detailsWithdraw").tryQuery().filter(javafx.scene.Node::isVisible).isPresent()
                && !robot.lookup("#detailsTable").queryAs(TableView.class).getItems().isEmpty());
        Stage details = window("Portal Invitation Details");
        assertThat(details.getWidth()).as("beside the counts: narrower than the screen").isLessThan(1000);
        java.util.concurrent.atomic.AtomicReference<List<String>> found = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> {
            details.getScene().getRoot().applyCss();
            details.getScene().getRoot().layout();
            found.set(LayoutCheck.problems(details.getScene()));
        });
        assertThat(found.get()).isEmpty();
    }

    @Test
    void theTemplatesWindow(FxRobot robot) throws Exception {
        ready(robot);
        robot.clickOn("#templatesButton");
        waitFor(() -> robot.lookup("#templateTable").tryQuery().isPresent()
                && robot.lookup("#templateTable").queryAs(TableView.class).getItems().size() == 2);
        Stage templates = window("Notification Templates");
        assertThat(templates.getMinWidth()).as("fits a 1024-pixel screen").isLessThanOrEqualTo(1000);
        assertThat(check(robot, templates)).isEmpty();
    }

    @Test
    void theBatchesWindow(FxRobot robot) throws Exception {
        ready(robot);
        robot.clickOn("#batchesButton");
        waitFor(() -> robot.lookup("#batchesTable").tryQuery().isPresent());
        assertThat(check(robot, window("Batches"))).isEmpty();
    }

    /** The name of the control that has the focus (the nearest node with an id: a searchable list's inner field counts as the list). */
    static String focused(Stage s) {
        javafx.scene.Node n = s.getScene().getFocusOwner();
        while (n != null && (n.getId() == null || n.getId().isEmpty())) n = n.getParent();
        return n == null ? "?" : n.getId();
    }

    /** Tab goes through the form in reading order: division, the four lists, the boxes, From, template, its buttons. */
    @Test
    void tabGoesThroughTheFormInOrder(FxRobot robot) throws Exception {
        ready(robot);
        robot.interact(() -> robot.lookup("#division").query().requestFocus());
        java.util.List<String> order = new java.util.ArrayList<>();
        order.add(focused(main));
        for (int i = 0; i < 20 && order.size() < 14; i++) {
            robot.type(javafx.scene.input.KeyCode.TAB);
            String f = focused(main);
            if (!f.equals(order.get(order.size() - 1))) order.add(f);
        }
        assertThat(order).startsWith("division", "accountClass", "billGroup", "accountSource", "siteSource", "activeService", "balanceDue",
                "billingContacts", "noAutopay", "limitToNotInvited", "emailFrom", "template", "preview", "templatesButton");
    }

    /** A screen reader says what each count is and does; every field has a label that names it. */
    @Test
    void countsAndFieldsSayWhatTheyAre(FxRobot robot) throws Exception {
        ready(robot);
        assertThat(robot.lookup("#countNotInvited").queryAs(Hyperlink.class).getAccessibleText())
                .isEqualTo("Not invited: 4 contacts. Opens the list.");
        assertThat(robot.lookup("#countWillReceive").queryAs(Hyperlink.class).getAccessibleText())
                .isEqualTo("Will receive this invite: 2 addresses. Opens the list.");
        java.util.Set<javafx.scene.Node> labelled = new java.util.HashSet<>();
        robot.lookup(".label").queryAllAs(javafx.scene.control.Label.class).forEach(l -> { if (l.getLabelFor() != null) labelled.add(l.getLabelFor()); });
        for (String id : new String[]{"#division", "#accountClass", "#billGroup", "#accountSource", "#siteSource", "#emailFrom", "#template"}) {
            assertThat(labelled).as(id + " has a label").contains(robot.lookup(id).query());
        }
    }
}

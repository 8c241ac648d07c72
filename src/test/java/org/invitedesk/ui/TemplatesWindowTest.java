package org.invitedesk.ui;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Template;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Notification Templates window, opened from the main screen, on a real PostgreSQL. */
@ExtendWith(ApplicationExtension.class)
class TemplatesWindowTest {
    AppStarter.Running backend;
    Database db;

    @Start
    void start(Stage stage) {
        String url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 2);
        db.migrate();
        Fixture.load(db);
        AppConfig cfg = new ConfigLoader(Map.of()).load(Path.of("/nonexistent/invite-desk.properties"),
                Map.of("db.url", url, "db.user", "postgres", "smtp.host", "127.0.0.1", "smtp.port", "1", "user", "demo",
                        "data.dir", System.getProperty("invitedesk.test.dir", "target/test-data")), false);
        backend = AppStarter.start(cfg, false, new UiModule(stage, new FxUiExecutor()));
        MainWindow.applyTheme();
        MainWindow.show(stage, backend.injector());
        stage.show();
    }

    @AfterEach
    void close() {
        backend.close();
        db.close();
    }

    static void waitFor(Callable<Boolean> c) throws Exception { WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c); }

    Label label(FxRobot r, String id) { return r.lookup(id).queryAs(Label.class); }

    /** Opens the templates window from the main screen; its list once both fixture templates are in. */
    TableView<Template> openTemplates(FxRobot robot) throws Exception {
        robot.clickOn("#templatesButton");
        waitFor(() -> robot.lookup("#templateTable").tryQuery().isPresent());
        TableView<Template> table = robot.lookup("#templateTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 2);
        return table;
    }

    /** The window open with "Standard" chosen in its list. */
    TableView<Template> openOnStandard(FxRobot robot) throws Exception {
        TableView<Template> table = openTemplates(robot);
        robot.interact(() -> table.getSelectionModel().select(named(table, "Standard")));
        return table;
    }

    /** Waits for a dialog offering a button with this text. */
    static void waitForDialogButton(FxRobot robot, String text) throws Exception {
        waitFor(() -> robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().anyMatch(b -> text.equals(b.getText())));
    }

    /** Clicks the button with this text in the dialog {@code pane} (a selector). */
    static void clickDialogButton(FxRobot robot, String pane, String text) {
        robot.clickOn(robot.lookup(pane + " .button").queryAllAs(Button.class).stream().filter(b -> text.equals(b.getText())).findFirst().orElseThrow());
    }

    static Template named(TableView<Template> table, String name) {
        return table.getItems().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void typingAMergeFieldChangesThePreviewAnErrorBlocksSavingAndASaveReachesThePicker(FxRobot robot) throws Exception {
        robot.clickOn("#templatesButton");
        waitFor(() -> robot.lookup("#templateTable").tryQuery().isPresent());
        TableView<Template> table = robot.lookup("#templateTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 2);
        robot.interact(() -> table.getSelectionModel().select(
                table.getItems().stream().filter(t -> t.name().equals("Standard")).findFirst().orElseThrow()));
        ComboBox<?> recipient = robot.lookup("#previewRecipient").queryAs(ComboBox.class);
        waitFor(() -> recipient.getValue() != null);
        waitFor(() -> label(robot, "#previewSubject").getText().equals("Subject: Hello Ann from Division One"));

        // type a merge field at the end of the subject: the preview follows
        TextField subject = robot.lookup("#templateSubject").queryAs(TextField.class);
        robot.clickOn(subject);
        robot.interact(() -> subject.positionCaret(subject.getText().length()));
        robot.write(" ($account.number)");
        waitFor(() -> label(robot, "#previewSubject").getText().matches("Subject: Hello Ann from Division One \\(A\\d+\\)"));
        Button save = robot.lookup("#saveButton").queryAs(Button.class);
        assertThat(save.isDisabled()).isFalse();

        // a syntax error: where and why, and no saving
        TextArea html = robot.lookup("#templateHtml").queryAs(TextArea.class);
        String good = html.getText();
        robot.interact(() -> html.setText(good + "\n#if($contact.firstName) unclosed"));
        waitFor(() -> label(robot, "#editorError").getText().contains("HTML body, line"));
        assertThat(label(robot, "#editorError").getText()).contains("column");
        assertThat(save.isDisabled()).isTrue();
        // the preview keeps the last version that rendered, and says so
        assertThat(label(robot, "#previewStale").isVisible()).isTrue();
        assertThat(label(robot, "#previewSubject").getText()).matches("Subject: Hello Ann from Division One \\(A\\d+\\)");
        assertThat(label(robot, "#previewSubject").getOpacity()).isLessThan(1.0);

        // reaching for classes is refused the same way
        robot.interact(() -> html.setText("$contact.getClass().forName('java.lang.Runtime')"));
        waitFor(() -> !label(robot, "#editorError").getText().isEmpty());
        assertThat(save.isDisabled()).isTrue();

        // fixed: save makes version 2, which the main screen's picker offers
        robot.interact(() -> html.setText(good));
        waitFor(() -> label(robot, "#editorError").getText().isEmpty() && !save.isDisabled());
        assertThat(label(robot, "#previewStale").isVisible()).isFalse();
        assertThat(label(robot, "#previewSubject").getOpacity()).isEqualTo(1.0);
        robot.clickOn(save);
        waitFor(() -> table.getItems().stream().anyMatch(t -> t.name().equals("Standard") && t.version() == 2));
        ComboBox<Template> picker = robot.lookup("#template").queryAs(ComboBox.class);
        waitFor(() -> picker.getItems().stream().anyMatch(t -> t.version() == 2 && t.subject().endsWith("($account.number)")));
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM notification_template WHERE template_key = 'std'")).isEqualTo(2);
    }

    @Test
    void doubleClickingAMergeFieldInsertsItAtTheCursor(FxRobot robot) throws Exception {
        robot.clickOn("#templatesButton");
        waitFor(() -> robot.lookup("#templateTable").tryQuery().isPresent());
        robot.clickOn("#newButton");
        TextArea text = robot.lookup("#templateText").queryAs(TextArea.class);
        waitFor(() -> text.getText().startsWith("Dear"));
        robot.interact(() -> ((javafx.scene.control.TabPane) robot.lookup("#bodyTabs").query()).getSelectionModel().select(1));
        robot.interact(() -> { text.requestFocus(); text.positionCaret(0); });
        javafx.scene.control.ListView<org.invitedesk.template.MergeFields.Field> fields = robot.lookup("#mergeFields").queryAs(javafx.scene.control.ListView.class);
        int index = fields.getItems().indexOf(fields.getItems().stream().filter(f -> f.reference().equals("$account.name")).findFirst().orElseThrow());
        robot.interact(() -> { fields.scrollTo(index); fields.getSelectionModel().select(index); });
        WaitForAsyncUtils.waitForFxEvents();
        robot.doubleClickOn(robot.lookup("#mergeFields .list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getText() != null && c.getText().startsWith("$account.name"))
                .findFirst().orElseThrow());
        waitFor(() -> text.getText().startsWith("$account.nameDear"));
        // closing with unsaved edits asks first; Discard closes
        Stage window = (Stage) text.getScene().getWindow();
        javafx.application.Platform.runLater(() -> window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitForDialogButton(robot, "Discard");
        clickDialogButton(robot, ".dialog-pane", "Discard");
        waitFor(() -> !window.isShowing());
    }

    /** Save is offered only for a change; switching away from unsaved edits asks Save / Discard / Cancel. */
    @Test
    void unsavedEditsAreNeverLostWithoutAsking(FxRobot robot) throws Exception {
        TableView<Template> table = openOnStandard(robot);
        Template standard = named(table, "Standard");
        Template retired = named(table, "Retired");
        TextField subject = robot.lookup("#templateSubject").queryAs(TextField.class);
        waitFor(() -> subject.getText().startsWith("Hello"));
        Button save = robot.lookup("#saveButton").queryAs(Button.class);
        waitFor(() -> label(robot, "#previewSubject").getText().startsWith("Subject: Hello"));
        assertThat(save.isDisabled()).as("nothing changed: nothing to save").isTrue();

        robot.interact(() -> subject.setText("Changed subject"));
        waitFor(() -> !save.isDisabled());
        // switch: Cancel stays, with the edit (the question waits for an answer: select without waiting)
        javafx.application.Platform.runLater(() -> table.getSelectionModel().select(retired));
        waitForDialogButton(robot, "Discard");
        clickDialogButton(robot, ".dialog-pane", "Cancel");
        waitFor(() -> table.getSelectionModel().getSelectedItem() == standard);
        assertThat(subject.getText()).isEqualTo("Changed subject");
        // switch again: Discard goes, and the edit is gone
        javafx.application.Platform.runLater(() -> table.getSelectionModel().select(retired));
        waitForDialogButton(robot, "Discard");
        clickDialogButton(robot, ".dialog-pane", "Discard");
        waitFor(() -> subject.getText().equals("Old"));
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM notification_template WHERE template_key = 'std'")).isEqualTo(1);
    }

    /**
     * An edit that cannot be saved (a block never closed) says why in full under the editor, and
     * switching away offers only Discard or Cancel, with the reason.
     */
    @Test
    void anEditThatCannotBeSavedSaysWhyInFullAndOffersOnlyDiscardOrCancel(FxRobot robot) throws Exception {
        TableView<Template> table = openOnStandard(robot);
        Template standard = named(table, "Standard");
        Template retired = named(table, "Retired");
        TextArea html = robot.lookup("#templateHtml").queryAs(TextArea.class);
        waitFor(() -> !html.getText().isEmpty());
        robot.interact(() -> html.setText("<p>A long first line of text so that the reason is long too, then #if($contact.firstName) Dear $contact.firstName</p>"));
        waitFor(() -> label(robot, "#editorError").getText().contains("is never closed with #end"));
        Label error = label(robot, "#editorError");
        java.util.concurrent.atomic.AtomicReference<java.util.List<String>> problems = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> {
            error.getScene().getRoot().applyCss();
            error.getScene().getRoot().layout();
            problems.set(org.invitedesk.support.LayoutCheck.problems(error.getScene()));
        });
        assertThat(problems.get()).as("the reason is not cut").noneMatch(p -> p.contains("editorError"));
        javafx.application.Platform.runLater(() -> table.getSelectionModel().select(retired));
        waitFor(() -> robot.lookup("#unsavedDialog").tryQuery().isPresent());
        java.util.List<String> buttons = robot.lookup("#unsavedDialog .button").queryAllAs(Button.class).stream().map(Button::getText).toList();
        assertThat(buttons).contains("Discard", "Cancel").doesNotContain("Save");
        assertThat(robot.lookup("#unsavedDialog").queryAs(javafx.scene.control.DialogPane.class).getContentText())
                .contains("cannot be saved as they are").contains("is never closed with #end");
        clickDialogButton(robot, "#unsavedDialog", "Cancel");
        waitFor(() -> table.getSelectionModel().getSelectedItem() == standard);
        assertThat(html.getText()).contains("#if($contact.firstName)");
        // Discard leaves it (and the window closes without asking again)
        javafx.application.Platform.runLater(() -> table.getSelectionModel().select(retired));
        waitFor(() -> robot.lookup("#unsavedDialog").tryQuery().isPresent());
        clickDialogButton(robot, "#unsavedDialog", "Discard");
        waitFor(() -> table.getSelectionModel().getSelectedItem() == retired && !html.getText().contains("#if"));
    }

    /** The window opens on the send screen's template and division, not on the first of each. */
    @Test
    void opensOnTheSendScreensTemplateAndDivision(FxRobot robot) throws Exception {
        ComboBox<org.invitedesk.domain.Division> division = robot.lookup("#division").queryAs(ComboBox.class);
        waitFor(() -> division.getItems().size() == 2);
        robot.interact(() -> division.getSelectionModel().select(division.getItems().stream().filter(d -> d.code().equals("D2")).findFirst().orElseThrow()));
        ComboBox<Template> template = robot.lookup("#template").queryAs(ComboBox.class);
        waitFor(() -> !template.getItems().isEmpty());
        robot.interact(() -> template.getSelectionModel().select(template.getItems().stream().filter(t -> t.name().equals("Standard")).findFirst().orElseThrow()));
        robot.clickOn("#templatesButton");
        waitFor(() -> robot.lookup("#templateTable").tryQuery().isPresent());
        TableView<Template> table = robot.lookup("#templateTable").queryAs(TableView.class);
        ComboBox<org.invitedesk.domain.Division> previewDivision = robot.lookup("#previewDivision").queryAs(ComboBox.class);
        waitFor(() -> table.getSelectionModel().getSelectedItem() != null && previewDivision.getValue() != null);
        assertThat(table.getSelectionModel().getSelectedItem().name()).isEqualTo("Standard");
        assertThat(previewDivision.getValue().code()).isEqualTo("D2");
    }

    /** A name another template has is said while typing, Save waits; a new name takes the error away and Save comes back. */
    @Test
    void aNameAlreadyTakenIsSaidWhileTypingAndForgottenOnceTheNameChanges(FxRobot robot) throws Exception {
        TableView<Template> table = openOnStandard(robot);
        TextField name = robot.lookup("#templateName").queryAs(TextField.class);
        waitFor(() -> name.getText().equals("Standard"));
        Button save = robot.lookup("#saveButton").queryAs(Button.class);
        robot.interact(() -> name.setText("retired"));
        waitFor(() -> label(robot, "#editorError").getText().contains("already called 'Retired'"));
        assertThat(save.isDisabled()).isTrue();
        robot.interact(() -> name.setText("Standard, renamed"));
        waitFor(() -> label(robot, "#editorError").getText().isEmpty() && !save.isDisabled());
        robot.clickOn(save);
        waitFor(() -> table.getItems().stream().anyMatch(t -> t.name().equals("Standard, renamed")));
    }

    /** Close, Esc and Ctrl+W close the window; with unsaved edits they ask first, as closing it does. */
    @Test
    void closeEscAndCtrlWCloseTheWindowAskingFirstAboutUnsavedEdits(FxRobot robot) throws Exception {
        TableView<Template> table = openTemplates(robot);
        Stage window = (Stage) table.getScene().getWindow();
        robot.interact(window::requestFocus);
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(() -> !window.isShowing());
        TableView<Template> again = openTemplates(robot);
        Stage second = (Stage) again.getScene().getWindow();
        robot.interact(() -> again.getSelectionModel().select(named(again, "Standard")));
        TextField subject = robot.lookup("#templateSubject").queryAs(TextField.class);
        waitFor(() -> subject.getText().startsWith("Hello"));
        robot.interact(() -> subject.setText("Changed subject"));
        javafx.application.Platform.runLater(() -> robot.lookup("#templatesClose").queryAs(Button.class).fire());
        waitFor(() -> robot.lookup("#unsavedDialog").tryQuery().isPresent());
        clickDialogButton(robot, "#unsavedDialog", "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(second.isShowing()).as("Cancel stays, with the edit").isTrue();
        assertThat(subject.getText()).isEqualTo("Changed subject");
        robot.interact(second::requestFocus);
        javafx.application.Platform.runLater(() -> robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.W)
                .release(javafx.scene.input.KeyCode.W, javafx.scene.input.KeyCode.CONTROL));
        waitFor(() -> robot.lookup("#unsavedDialog").tryQuery().isPresent());
        clickDialogButton(robot, "#unsavedDialog", "Discard");
        waitFor(() -> !second.isShowing());
    }
}

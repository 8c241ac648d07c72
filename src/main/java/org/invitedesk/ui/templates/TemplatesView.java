package org.invitedesk.ui.templates;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Template;
import org.invitedesk.template.MergeFields;
import org.invitedesk.ui.common.FxmlViewLoader;
import org.invitedesk.ui.common.HtmlView;


/** Binds TemplatesView.fxml to a {@link TemplatesViewModel}; typing refreshes the preview 300 ms after the last key. */
public class TemplatesView {
    @FXML BorderPane root;
    @FXML Label permissionBanner;
    @FXML TableView<Template> templateTable;
    @FXML TableColumn<Template, String> nameColumn;
    @FXML TableColumn<Template, String> activeColumn;
    @FXML TableColumn<Template, String> changedColumn;
    @FXML Button newButton;
    @FXML Button duplicateButton;
    @FXML Button deactivateButton;
    @FXML TextField templateName;
    @FXML CheckBox templateActive;
    @FXML TextField templateSubject;
    @FXML TextArea templateHtml;
    @FXML TextArea templateText;
    @FXML ListView<MergeFields.Field> mergeFields;
    @FXML Label editorError;
    @FXML Button saveButton;
    @FXML Label templatesStatus;
    @FXML ComboBox<org.invitedesk.domain.Division> previewDivision;
    @FXML ComboBox<DetailRow> previewRecipient;
    @FXML Label previewSubject;
    @FXML Label previewStale;
    @FXML javafx.scene.control.TabPane previewTabs;
    @FXML Tab previewHtmlTab;
    @FXML TextArea previewText;

    private final TemplatesViewModel vm;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(300));
    private TextInputControl lastEditor;

    @FXML javafx.scene.control.Button templatesClose;

    public TemplatesView(TemplatesViewModel vm) { this.vm = vm; }

    /** Loads the FXML with a view for {@code vm}, and shows it in {@code stage}. */
    public static TemplatesView show(Stage stage, FxmlViewLoader views, TemplatesViewModel vm) {
        FxmlViewLoader.Loaded<TemplatesView> loaded = views.load(new TemplatesView(vm), "TemplatesView.fxml");
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(loaded.root(), Math.min(1220, screen.getWidth() - 40), Math.min(700, screen.getHeight() - 60));
        // the three panes keep their minimum widths: the window fits a 1024-pixel screen
        stage.setMinWidth(940);
        stage.setMinHeight(520);
        scene.getStylesheets().add(FxmlViewLoader.stylesheet(TemplatesView.class, "templates.css"));
        stage.setScene(scene);
        stage.setTitle("Notification Templates — Invite Desk");
        // Close, Esc and Ctrl+W leave as closing the window does: unsaved edits are asked about first
        Runnable close = () -> vm.leaveThen(stage::close);
        loaded.controller().templatesClose.setOnAction(e -> close.run());
        // after the controls: a list or box that uses Esc itself (closing its popup) goes first
        org.invitedesk.ui.common.CloseKeys.install(scene, close, false);
        vm.load();
        return loaded.controller();
    }

    @FXML
    void initialize() {
        templateTable.setItems(vm.list());
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        activeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().active() ? "Yes" : "No"));
        changedColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().changedAt() == null ? ""
                : c.getValue().changedAt().toLocalDate().toString()));
        nameColumn.setCellFactory(c -> org.invitedesk.ui.common.Columns.textCell());
        templateTable.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t == null || t.equals(vm.selectedProperty().get())) return;
            // unsaved edits: ask first; staying puts the selection back
            if (!vm.select(t)) javafx.application.Platform.runLater(() -> templateTable.getSelectionModel().select(vm.selectedProperty().get()));
        });
        vm.selectedProperty().addListener((o, a, t) -> {
            if (t == null) templateTable.getSelectionModel().clearSelection();
            else if (templateTable.getSelectionModel().getSelectedItem() != t) templateTable.getSelectionModel().select(t);
        });

        templateName.textProperty().bindBidirectional(vm.nameProperty());
        templateActive.selectedProperty().bindBidirectional(vm.activeProperty());
        templateSubject.textProperty().bindBidirectional(vm.subjectProperty());
        templateHtml.textProperty().bindBidirectional(vm.htmlProperty());
        templateText.textProperty().bindBidirectional(vm.textProperty());
        for (TextInputControl c : new TextInputControl[]{templateName, templateSubject, templateHtml, templateText}) {
            c.editableProperty().bind(vm.mayEditProperty());
        }
        templateActive.disableProperty().bind(vm.mayEditProperty().not());
        for (TextInputControl c : new TextInputControl[]{templateSubject, templateHtml, templateText}) {
            c.focusedProperty().addListener((o, a, f) -> { if (f) lastEditor = c; });
        }
        debounce.setOnFinished(e -> vm.refreshPreview());
        vm.subjectProperty().addListener((o, a, b) -> debounce.playFromStart());
        vm.htmlProperty().addListener((o, a, b) -> debounce.playFromStart());
        vm.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        // a new name checks again too: a refused save's error (a name already taken) goes with it
        vm.nameProperty().addListener((o, a, b) -> debounce.playFromStart());

        mergeFields.getItems().setAll(MergeFields.ALL);
        mergeFields.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(MergeFields.Field f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f.reference() + "   — " + f.description());
            }
        });
        mergeFields.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) insertSelectedField();
        });
        mergeFields.setOnKeyPressed(e -> { if (e.getCode() == javafx.scene.input.KeyCode.ENTER) insertSelectedField(); });

        editorError.textProperty().bind(vm.errorProperty());
        templatesStatus.textProperty().bind(vm.statusProperty());
        saveButton.disableProperty().bind(vm.canSaveProperty().not());
        newButton.disableProperty().bind(vm.mayEditProperty().not().or(vm.busyProperty()));
        duplicateButton.disableProperty().bind(vm.mayEditProperty().not().or(vm.busyProperty()).or(vm.selectedProperty().isNull()));
        deactivateButton.disableProperty().bind(vm.mayEditProperty().not().or(vm.busyProperty()).or(vm.selectedProperty().isNull()));
        permissionBanner.textProperty().bind(javafx.beans.binding.Bindings.when(vm.mayEditProperty()).then("")
                .otherwise("Read only: changing templates needs permission 120 \"Maintain Notification Templates\"."));
        permissionBanner.visibleProperty().bind(vm.mayEditProperty().not());
        permissionBanner.managedProperty().bind(permissionBanner.visibleProperty());

        previewDivision.setItems(vm.divisions());
        previewDivision.valueProperty().bindBidirectional(vm.divisionProperty());
        previewRecipient.setItems(vm.samples());
        previewRecipient.valueProperty().bindBidirectional(vm.sampleProperty());
        previewRecipient.setCellFactory(l -> recipientCell());
        previewRecipient.setButtonCell(recipientCell());
        javafx.scene.control.Tooltip who = new javafx.scene.control.Tooltip();
        who.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.sampleProperty().get() == null ? ""
                : vm.sampleProperty().get().contactName() + " <" + vm.sampleProperty().get().email() + "> · "
                + vm.sampleProperty().get().accountNumber(), vm.sampleProperty()));
        previewRecipient.setTooltip(who);
        previewSubject.textProperty().bind(javafx.beans.binding.Bindings.concat("Subject: ", vm.previewSubjectProperty()));
        previewText.textProperty().bind(vm.previewTextProperty());
        previewHtmlTab.setContent(HtmlView.following(vm.previewHtmlProperty()));
        // an edit that does not render leaves the last good preview, dimmed and said to be older
        previewStale.visibleProperty().bind(vm.previewStaleProperty());
        previewStale.managedProperty().bind(previewStale.visibleProperty());
        previewSubject.opacityProperty().bind(javafx.beans.binding.Bindings.when(vm.previewStaleProperty()).then(0.45).otherwise(1.0));
        previewTabs.opacityProperty().bind(previewSubject.opacityProperty());
    }

    private static ListCell<DetailRow> recipientCell() {
        return new ListCell<>() {
            @Override protected void updateItem(DetailRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.contactName() + " <" + r.email() + "> · " + r.accountNumber());
            }
        };
    }

    private void insertSelectedField() {
        MergeFields.Field f = mergeFields.getSelectionModel().getSelectedItem();
        TextInputControl target = lastEditor == null ? templateHtml : lastEditor;
        if (f == null || !target.isEditable()) return;
        target.insertText(target.getCaretPosition(), f.reference());
        target.requestFocus();
    }

    @FXML void onNew() { vm.newTemplate(); }
    @FXML void onDuplicate() { vm.duplicate(); }
    @FXML void onDeactivate() { vm.deactivate(); }
    @FXML void onSave() { vm.save(); }
}

package org.invitedesk.ui.templates;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
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

import java.io.IOException;
import java.io.UncheckedIOException;

/** Binds TemplatesView.fxml to a {@link TemplatesViewModel}; typing refreshes the preview 300 ms after the last key. */
public class TemplatesView {
    @FXML BorderPane root;
    @FXML Label permissionBanner;
    @FXML TableView<Template> templateTable;
    @FXML TableColumn<Template, String> nameColumn;
    @FXML TableColumn<Template, String> activeColumn;
    @FXML TableColumn<Template, String> changedColumn;
    @FXML TableColumn<Template, String> byColumn;
    @FXML Button newButton;
    @FXML Button duplicateButton;
    @FXML Button deactivateButton;
    @FXML TextField templateName;
    @FXML CheckBox templateActive;
    @FXML TextField templateSubject;
    @FXML TextArea templateHtml;
    @FXML TextArea templateText;
    @FXML ListView<String[]> mergeFields;
    @FXML Label editorError;
    @FXML Button saveButton;
    @FXML Label templatesStatus;
    @FXML ComboBox<org.invitedesk.domain.Division> previewDivision;
    @FXML ComboBox<DetailRow> previewRecipient;
    @FXML Label previewSubject;
    @FXML Tab previewHtmlTab;
    @FXML TextArea previewText;

    private final TemplatesViewModel vm;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(300));
    private TextInputControl lastEditor;

    public TemplatesView(TemplatesViewModel vm) { this.vm = vm; }

    /** Loads the FXML, binds it, and shows it in {@code stage}. */
    public static TemplatesView show(Stage stage, TemplatesViewModel vm) {
        TemplatesView view = new TemplatesView(vm);
        FXMLLoader loader = new FXMLLoader(TemplatesView.class.getResource("/org/invitedesk/ui/templates/TemplatesView.fxml"));
        loader.setController(view);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Scene scene = new Scene(root, 1220, 700);
        scene.getStylesheets().add(TemplatesView.class.getResource("/org/invitedesk/ui/templates/templates.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Notification Templates — Invite Desk");
        vm.load();
        return view;
    }

    @FXML
    void initialize() {
        templateTable.setItems(vm.list());
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        activeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().active() ? "Yes" : "No"));
        changedColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().changedAt() == null ? ""
                : c.getValue().changedAt().toLocalDate().toString()));
        byColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().changedBy()));
        templateTable.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> { if (t != null) vm.selectedProperty().set(t); });
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

        mergeFields.getItems().setAll(MergeFields.ALL);
        mergeFields.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(String[] f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f[0] + "   — " + f[1]);
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
        previewSubject.textProperty().bind(javafx.beans.binding.Bindings.concat("Subject: ", vm.previewSubjectProperty()));
        previewText.textProperty().bind(vm.previewTextProperty());
        Node html = htmlView();
        previewHtmlTab.setContent(html);
    }

    private static ListCell<DetailRow> recipientCell() {
        return new ListCell<>() {
            @Override protected void updateItem(DetailRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.contactName() + " <" + r.email() + "> · " + r.accountNumber());
            }
        };
    }

    /** A WebView (scripts off) showing the rendered HTML; a plain text area where WebView is unavailable. */
    private Node htmlView() {
        try {
            javafx.scene.web.WebView web = new javafx.scene.web.WebView();
            web.getEngine().setJavaScriptEnabled(false);
            web.getEngine().loadContent(vm.previewHtmlProperty().get(), "text/html");
            vm.previewHtmlProperty().addListener((o, a, h) -> web.getEngine().loadContent(h, "text/html"));
            return web;
        } catch (RuntimeException | LinkageError e) {
            TextArea raw = new TextArea();
            raw.setEditable(false);
            raw.textProperty().bind(vm.previewHtmlProperty());
            return raw;
        }
    }

    private void insertSelectedField() {
        String[] f = mergeFields.getSelectionModel().getSelectedItem();
        TextInputControl target = lastEditor == null ? templateHtml : lastEditor;
        if (f == null || !target.isEditable()) return;
        target.insertText(target.getCaretPosition(), f[0]);
        target.requestFocus();
    }

    @FXML void onNew() { vm.newTemplate(); }
    @FXML void onDuplicate() { vm.duplicate(); }
    @FXML void onDeactivate() { vm.deactivate(); }
    @FXML void onSave() { vm.save(); }
}

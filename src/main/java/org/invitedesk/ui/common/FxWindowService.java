package org.invitedesk.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.Scene;
import javafx.geometry.Insets;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.InviteService;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.ui.details.InvitationDetailsView;
import org.invitedesk.ui.details.InvitationDetailsViewModel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Opens windows and dialogs, always owned by the main window. One details window per group and filter. */
public final class FxWindowService implements WindowService {
    private final Supplier<Window> owner;
    private final InviteService invites;
    private final UiExecutor executor;
    private final Map<String, Stage> details = new HashMap<>();
    private final org.invitedesk.service.TemplateService templates;
    private final String login;
    private Stage templatesStage;

    public FxWindowService(Supplier<Window> owner, InviteService invites, UiExecutor executor) {
        this(owner, invites, executor, null, null);
    }

    public FxWindowService(Supplier<Window> owner, InviteService invites, UiExecutor executor,
                           org.invitedesk.service.TemplateService templates, String login) {
        this.owner = owner;
        this.invites = invites;
        this.executor = executor;
        this.templates = templates;
        this.login = login;
    }

    @Override
    public void openTemplates(Runnable onSaved) {
        if (bringToFront(templatesStage)) return;
        Stage stage = new Stage();
        stage.initOwner(owner.get());
        copyIcons(stage);
        stage.initModality(Modality.NONE);
        org.invitedesk.ui.templates.TemplatesView.show(stage,
                new org.invitedesk.ui.templates.TemplatesViewModel(templates, invites, executor, login, onSaved));
        templatesStage = stage;
        stage.setOnHidden(e -> templatesStage = null);
        stage.show();
    }

    @Override
    public void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title) {
        String key = group + "|" + batchId + "|" + filter;
        if (bringToFront(details.get(key))) return;
        Stage stage = new Stage();
        stage.initOwner(owner.get());
        copyIcons(stage);
        stage.initModality(Modality.NONE);
        InvitationDetailsViewModel vm = new InvitationDetailsViewModel(invites, executor, DetailQuery.of(filter, group).withBatch(batchId));
        new InvitationDetailsView(stage, vm, title);
        details.put(key, stage);
        stage.setOnHidden(e -> details.remove(key, stage));
        stage.show();
    }

    public int openDetailsWindows() { return (int) details.values().stream().filter(Stage::isShowing).count(); }

    @Override
    public boolean confirm(String title, String message) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(owner.get());
        dialogIcons(a);
        a.setTitle(title);
        a.setHeaderText(title);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(ButtonType.OK)).setText("Send");
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    @Override
    public void showPreview(String templateName, RenderedMessage m) {
        Stage s = new Stage();
        s.initOwner(owner.get());
        copyIcons(s);
        s.setTitle("Preview — " + templateName);
        Label subject = new Label("Subject: " + m.subject());
        subject.setPadding(new Insets(10));
        subject.setStyle("-fx-font-weight: bold");
        Tab html = new Tab("HTML", htmlView(m.html()));
        TextArea text = new TextArea(m.text());
        text.setEditable(false);
        text.setWrapText(true);
        TabPane tabs = new TabPane(html, new Tab("Text", text));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        s.setScene(new Scene(new BorderPane(tabs, subject, null, null, null), 760, 560));
        s.show();
    }

    private static javafx.scene.Node htmlView(String html) {
        try {
            javafx.scene.web.WebView web = new javafx.scene.web.WebView();
            web.getEngine().setJavaScriptEnabled(false);
            web.getEngine().loadContent(html, "text/html");
            return web;
        } catch (RuntimeException | LinkageError e) {
            TextArea raw = new TextArea(html);
            raw.setEditable(false);
            return raw;
        }
    }

    @Override
    public void showSummary(SendSummary s) {
        Alert a = new Alert(s.failed() > 0 || s.inDoubt() > 0 || s.reason() != null ? Alert.AlertType.WARNING : Alert.AlertType.INFORMATION);
        a.initOwner(owner.get());
        dialogIcons(a);
        a.setTitle("Send finished");
        a.setHeaderText("Batch " + s.batchId() + (s.remaining() > 0 ? " paused" : " finished"));
        a.setContentText(String.format("Queued %d (skipped %d already open elsewhere). Sent %d, failed %d, in doubt %d, still queued %d.%s",
                s.queued(), s.skipped(), s.sent(), s.failed(), s.inDoubt(), s.remaining(),
                s.reason() == null ? "" : "\n\n" + s.reason()));
        a.show();
        // A notification too, for staff who moved to another window while the batch was sending.
        org.controlsfx.control.Notifications n = org.controlsfx.control.Notifications.create()
                .owner(owner.get())
                .title("Invite Desk: batch " + s.batchId() + (s.remaining() > 0 ? " paused" : " finished"))
                .text(String.format("Sent %d, failed %d, in doubt %d, still queued %d.", s.sent(), s.failed(), s.inDoubt(), s.remaining()))
                .hideAfter(javafx.util.Duration.seconds(8));
        if (s.failed() > 0 || s.inDoubt() > 0 || s.reason() != null) n.showWarning(); else n.showInformation();
    }

    @Override
    public void showError(String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner.get());
        dialogIcons(a);
        a.setTitle("Invite Desk");
        a.setHeaderText(null);
        a.show();
    }

    @Override
    public String ask(String title, String prompt, String initial) {
        TextInputDialog d = new TextInputDialog(initial);
        d.initOwner(owner.get());
        dialogIcons(d);
        d.setTitle(title);
        d.setHeaderText(prompt);
        Optional<String> r = d.showAndWait();
        return r.orElse(null);
    }

    /** A window already open for the same thing comes to the front instead of a second one. */
    private static boolean bringToFront(Stage open) {
        if (open == null || !open.isShowing()) return false;
        open.toFront();
        open.requestFocus();
        return true;
    }

    /** Dialogs and windows carry the app icon too (the desktop shows it in the task bar and the title). */
    private void copyIcons(Stage stage) {
        if (owner.get() instanceof Stage o) stage.getIcons().setAll(o.getIcons());
    }

    private void dialogIcons(javafx.scene.control.Dialog<?> dialog) {
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage st) copyIcons(st);
    }
}

package org.invitedesk.ui.common;

import com.google.inject.Inject;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.ui.batches.BatchesView;
import org.invitedesk.ui.batches.BatchesViewModel;
import org.invitedesk.ui.details.InvitationDetailsView;
import org.invitedesk.ui.details.InvitationDetailsViewModel;
import org.invitedesk.ui.templates.TemplatesView;
import org.invitedesk.ui.templates.TemplatesViewModel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opens every window and dialog, always owned by the main window. Windows are View + FXML +
 * ViewModel through {@link FxmlViewLoader}. One details window per group and filter.
 */
public final class FxWindowService implements WindowService {
    private final Stage owner;
    private final FxmlViewLoader views;
    private final TemplatesViewModel.Factory templatesModels;
    private final InvitationDetailsViewModel.Factory detailsModels;
    private final BatchesViewModel.Factory batchesModels;
    private Stage batchesStage;
    private final Map<String, Stage> details = new HashMap<>();
    private Stage templatesStage;

    @Inject
    public FxWindowService(MainStage owner, FxmlViewLoader views, TemplatesViewModel.Factory templatesModels,
                           InvitationDetailsViewModel.Factory detailsModels, BatchesViewModel.Factory batchesModels) {
        this.batchesModels = batchesModels;
        this.owner = owner.stage();
        this.views = views;
        this.templatesModels = templatesModels;
        this.detailsModels = detailsModels;
    }

    @Override
    public void openTemplates(Runnable onSaved, String templateName, String divisionCode) {
        if (bringToFront(templatesStage)) return;
        Stage stage = ownedWindow();
        TemplatesViewModel vm = templatesModels.create(onSaved, this);
        vm.startWith(templateName, divisionCode);
        TemplatesView.show(stage, views, vm);
        stage.setOnCloseRequest(e -> {
            if (!vm.dirtyProperty().get()) return;
            e.consume();
            vm.leaveThen(stage::close);
        });
        templatesStage = stage;
        stage.setOnHidden(e -> templatesStage = null);
        stage.show();
    }

    @Override
    public void openBatches(java.util.function.LongConsumer resume) {
        if (bringToFront(batchesStage)) return;
        Stage stage = ownedWindow();
        BatchesView.show(stage, views, batchesModels.create(this, resume));
        batchesStage = stage;
        stage.setOnHidden(e -> batchesStage = null);
        stage.show();
    }

    @Override
    public void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title) {
        openDetails(filter, group, batchId, title, () -> { });
    }

    @Override
    public void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title, Runnable changed) {
        // one window per list: only Will receive depends on the limit box
        String key = group + "|" + batchId + "|" + (filter == null || group == CountGroup.WILL_RECEIVE ? filter : filter.withIncludeInvited(false));
        if (bringToFront(details.get(key))) return;
        Stage stage = ownedWindow();
        InvitationDetailsViewModel model = detailsModels.create(DetailQuery.of(filter, group).withBatch(batchId));
        model.onWithdrawn(changed);
        InvitationDetailsView.show(stage, views, model, title);
        cascade(stage);
        details.put(key, stage);
        stage.setOnHidden(e -> details.remove(key, stage));
        stage.show();
    }

    @Override
    public boolean confirm(String title, String message, String action) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.OK, ButtonType.CANCEL);
        own(a);
        a.setTitle(title);
        a.setHeaderText(title);
        Button ok = (Button) a.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText(action);
        // Enter never acts: the default button is Cancel.
        ok.setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    @Override
    public void showPreview(org.invitedesk.ui.preview.MessagePreview preview) {
        Stage s = ownedWindow();
        org.invitedesk.ui.preview.PreviewView.show(s, views, preview);
        s.show();
    }

    /** The end of a send in words: what was queued (and skipped, and why), sent, failed, left. */
    public static String summaryText(SendSummary s) {
        String skipped = s.skipped() == 0 ? "" : String.format(" %,d address%s skipped: an invitation to %s was already waiting in another batch.",
                s.skipped(), s.skipped() == 1 ? " was" : "es were", s.skipped() == 1 ? "it" : "them");
        return String.format("Queued %,d invitation%s.%s Sent %,d, failed %,d, in doubt %,d, still queued %,d.%s", s.queued(), s.queued() == 1 ? "" : "s",
                skipped, s.sent(), s.failed(), s.inDoubt(), s.remaining(), s.reason() == null ? "" : "\n\n" + s.reason());
    }

    @Override
    public SendWhen confirmSend(String title, String message) {
        // "Send at…" on the left, away from the pair that ends the question (Cancel, Send now)
        ButtonType sendAt = new ButtonType("Send at…", ButtonBar.ButtonData.LEFT);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.OK, sendAt, ButtonType.CANCEL);
        own(a);
        a.setTitle(title);
        a.setHeaderText(title);
        a.getDialogPane().setId("confirmSendDialog");
        Button ok = (Button) a.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Send now");
        ok.setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ButtonType chosen = a.showAndWait().orElse(ButtonType.CANCEL);
        if (chosen == ButtonType.OK) return SendWhen.NOW;
        if (chosen != sendAt) return null;
        java.time.LocalDateTime at = SendAtDialog.ask(owner);
        return at == null ? null : new SendWhen(at);
    }

    @Override
    public void showSummary(SendSummary s) {
        if (s.status() == org.invitedesk.domain.BatchStatus.SCHEDULED || s.status() == org.invitedesk.domain.BatchStatus.WAITING) {
            showInformation("scheduledDialog", "Batch " + s.batchId(), "Batch " + s.batchId() + (s.status() == org.invitedesk.domain.BatchStatus.SCHEDULED
                    ? " is scheduled" : " waits for the daily limit"), String.format("%,d invitations wait. %s%nAny runner sends them then: a sender service, "
                    + "or this window if it is open (File → Batches… shows the batch).", s.remaining(), s.reason() == null ? "" : s.reason()));
            return;
        }
        boolean trouble = s.failed() > 0 || s.inDoubt() > 0 || s.reason() != null;
        Alert a = new Alert(trouble ? Alert.AlertType.WARNING : Alert.AlertType.INFORMATION);
        own(a);
        a.setTitle("Send finished");
        a.setHeaderText("Batch " + s.batchId() + (s.remaining() > 0 ? " paused" : " finished"));
        a.setContentText(summaryText(s));
        a.show();
        // A notification too, for staff who moved to another window while the batch was sending.
        Notifications n = Notifications.create().owner(owner).position(javafx.geometry.Pos.TOP_RIGHT)
                .title("Invite Desk: batch " + s.batchId() + (s.remaining() > 0 ? " paused" : " finished"))
                .text(String.format("Sent %d, failed %d, in doubt %d, still queued %d.", s.sent(), s.failed(), s.inDoubt(), s.remaining()))
                .hideAfter(javafx.util.Duration.seconds(8));
        if (trouble) n.showWarning(); else n.showInformation();
    }

    @Override
    public void showError(String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        own(a);
        a.setTitle("Invite Desk");
        a.setHeaderText(null);
        a.show();
    }

    @Override
    public void showInformation(String id, String title, String header, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        own(a);
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        a.show();
    }

    @Override
    public Unsaved askUnsaved(String message, String whyNot) {
        ButtonType save = new ButtonType("Save", javafx.scene.control.ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", javafx.scene.control.ButtonBar.ButtonData.NO);
        Alert a = whyNot == null
                ? new Alert(Alert.AlertType.CONFIRMATION, message + " Save them first?", save, discard, ButtonType.CANCEL)
                : new Alert(Alert.AlertType.CONFIRMATION, message + " They cannot be saved as they are: " + whyNot
                        + " Discard them, or cancel to fix them.", discard, ButtonType.CANCEL);
        own(a);
        a.setTitle("Unsaved changes");
        a.setHeaderText(whyNot == null ? "Save the changes?" : "Discard the changes?");
        a.getDialogPane().setId("unsavedDialog");
        if (whyNot == null) ((Button) a.getDialogPane().lookupButton(save)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ButtonType chosen = a.showAndWait().orElse(ButtonType.CANCEL);
        return chosen == save ? Unsaved.SAVE : chosen == discard ? Unsaved.DISCARD : Unsaved.CANCEL;
    }

    @Override
    public String ask(String title, String prompt, String initial) {
        TextInputDialog d = new TextInputDialog(initial);
        own(d);
        d.setTitle(title);
        d.setHeaderText(prompt);
        Optional<String> r = d.showAndWait();
        return r.orElse(null);
    }

    /**
     * A details window beside the counts, not over them (the next count stays one click away),
     * each new one a little below the last open one; where the screen is too narrow for that, a
     * little below and right of it.
     */
    private void cascade(Stage stage) {
        long open = details.values().stream().filter(Stage::isShowing).count();
        double step = 28 * (open % 8);
        javafx.scene.Node counts = owner.getScene() == null ? null : owner.getScene().getRoot().lookup(".counts-panel");
        // the screen the main window is on (another monitor than the primary one, perhaps)
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(owner.getX(), owner.getY(),
                Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight())).stream().findFirst()
                .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        if (counts != null && counts.localToScreen(counts.getLayoutBounds()) != null) {
            double left = Math.max(screen.getMinX(), owner.getX());
            double width = Math.min(1100, counts.localToScreen(counts.getLayoutBounds()).getMinX() - 12 - left);
            if (width >= 600) {
                stage.setX(left);
                stage.setY(Math.max(screen.getMinY(), owner.getY()) + 40 + step);
                stage.setWidth(width);
                stage.setHeight(Math.max(300, Math.min(600, screen.getMaxY() - stage.getY() - 10)));
                return;
            }
        }
        if (open == 0) return;
        stage.setX(owner.getX() + 40 + step);
        stage.setY(owner.getY() + 40 + step);
    }

    /** A window already open for the same thing comes to the front instead of a second one. */
    private static boolean bringToFront(Stage open) {
        if (open == null || !open.isShowing()) return false;
        open.toFront();
        open.requestFocus();
        return true;
    }

    /** A new non-modal window owned by the main one, with the app icon (the desktop shows it in the task bar). */
    private Stage ownedWindow() {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.getIcons().setAll(owner.getIcons());
        return stage;
    }

    private void own(Dialog<?> dialog) {
        dialog.initOwner(owner);
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage st) st.getIcons().setAll(owner.getIcons());
    }
}

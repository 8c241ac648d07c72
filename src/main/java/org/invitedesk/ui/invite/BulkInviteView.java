package org.invitedesk.ui.invite;

import atlantafx.base.theme.Styles;
import jakarta.inject.Inject;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SearchableComboBox;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.FilterFlag;
import org.invitedesk.domain.Lookup;
import org.invitedesk.domain.LookupKind;
import org.invitedesk.domain.Template;

import java.util.Map;

/** The FXML controller: binds controls to {@link BulkInviteViewModel} and forwards events. Nothing else. */
public class BulkInviteView {
    private static final PseudoClass DANGER = Styles.STATE_DANGER;

    @FXML BorderPane root;
    @FXML Label permissionBanner;
    @FXML GridPane form;
    @FXML ComboBox<Division> division;
    @FXML SearchableComboBox<Lookup> accountClass;
    @FXML SearchableComboBox<Lookup> billGroup;
    @FXML SearchableComboBox<Lookup> accountSource;
    @FXML SearchableComboBox<Lookup> siteSource;
    @FXML VBox checks;
    @FXML CheckBox limitToNotInvited;
    @FXML TextField emailFrom;
    @FXML Label emailFromError;
    @FXML ComboBox<Template> template;
    @FXML Button preview;
    @FXML Button templatesButton;
    @FXML Label templateError;
    @FXML GridPane countsGrid;
    @FXML Hyperlink countNotInvited;
    @FXML Hyperlink countInvitedNotAccepted;
    @FXML Hyperlink countWaiting;
    @FXML Hyperlink countHasPortal;
    @FXML Hyperlink countNoValidEmail;
    @FXML Hyperlink countWillReceive;
    @FXML Label countsHint;
    @FXML Hyperlink failedLink;
    @FXML Button sendTest;
    @FXML javafx.scene.layout.Region footerGap;
    @FXML Button send;
    @FXML HBox progressBox;
    @FXML ProgressBar progress;
    @FXML Label progressText;
    @FXML Button cancel;
    @FXML Button resume;
    @FXML Label status;

    private final BulkInviteViewModel vm;

    @Inject
    public BulkInviteView(BulkInviteViewModel vm) { this.vm = vm; }

    public BulkInviteViewModel viewModel() { return vm; }

    @FXML
    void initialize() {
        division.setItems(vm.divisions());
        division.valueProperty().bindBidirectional(vm.division());
        Map<LookupKind, SearchableComboBox<Lookup>> lookups = Map.of(LookupKind.ACCOUNT_CLASS, accountClass,
                LookupKind.BILL_GROUP, billGroup, LookupKind.ACCOUNT_SOURCE, accountSource, LookupKind.SITE_SOURCE, siteSource);
        lookups.forEach((k, box) -> {
            box.setItems(vm.lookups(k));
            box.valueProperty().bindBidirectional(vm.lookup(k));
            box.disableProperty().bind(vm.mayLook().not().or(vm.sending())); // locked while a send runs, like the rest of its inputs
        });
        addFlagBoxes();
        labelTheFields();
        limitToNotInvited.selectedProperty().bindBidirectional(vm.limitToNotInvited());
        for (var c : new javafx.scene.Node[]{checks, emailFrom, template}) {
            c.disableProperty().bind(vm.mayLook().not().or(vm.sending()));
        }
        // nothing to preview or test before a template is chosen
        preview.disableProperty().bind(vm.mayLook().not().or(vm.sending()).or(vm.template().isNull()));
        emailFrom.textProperty().bindBidirectional(vm.emailFrom());
        emailFromError.textProperty().bind(Bindings.when(vm.mayLook()).then(vm.emailFromError()).otherwise(""));
        // marked red only once there is something to judge (a division chosen), never on an untouched form
        javafx.beans.binding.BooleanBinding wrong = vm.mayLook().and(vm.emailFromError().isNotEmpty());
        wrong.addListener((o, a, b) -> emailFrom.pseudoClassStateChanged(DANGER, b));
        emailFrom.pseudoClassStateChanged(DANGER, wrong.get());
        emailFrom.setTooltip(new Tooltip("One sender address, e.g. billing@yourcompany.com: no name, no list, on one line."));
        template.setTooltip(new Tooltip("The active portal-invitation templates; Templates… edits them."));
        preview.setTooltip(new Tooltip("Shows the message as the first recipient will get it."));
        sendTest.setTooltip(new Tooltip("Sends that message to an address you type, marked [TEST]; nothing is recorded."));
        template.setItems(vm.templates());
        template.valueProperty().bindBidirectional(vm.template());
        templateError.textProperty().bind(vm.templateError());

        Map<Hyperlink, CountGroup> links = Map.of(countNotInvited, CountGroup.NOT_INVITED, countWaiting, CountGroup.WAITING_IN_BATCH,
                countInvitedNotAccepted, CountGroup.INVITED_NOT_ACCEPTED, countHasPortal, CountGroup.HAS_PORTAL_ACCOUNT,
                countNoValidEmail, CountGroup.NO_VALID_EMAIL, countWillReceive, CountGroup.WILL_RECEIVE);
        links.forEach((link, group) -> {
            link.textProperty().bind(Bindings.createStringBinding(() -> {
                Counts c = vm.counts().get();
                return c == null ? "—" : String.format("%,d", c.of(group));
            }, vm.counts()));
            link.disableProperty().bind(vm.counts().isNull());
            link.accessibleTextProperty().bind(Bindings.createStringBinding(() -> vm.counts().get() == null ? group.label() + ": not counted yet."
                    : group.label() + ": " + String.format("%,d", vm.counts().get().of(group))
                    + (group == CountGroup.WILL_RECEIVE ? " addresses" : " contacts") + ". Opens the list.", vm.counts()));
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(link.accessibleTextProperty());
            link.setTooltip(tip);
            link.setOnAction(e -> {
                link.setVisited(false);
                vm.openDetails(group);
            });
        });
        countsGrid.opacityProperty().bind(Bindings.when(vm.counting()).then(0.55).otherwise(1.0));
        countsHint.textProperty().bind(Bindings.when(vm.division().isNull())
                .then("Choose a division to see the counts. Click a count to see who is in it.")
                .otherwise("Click a count to see exactly who is in it."));
        failedLink.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.lastSummary().get() != null && vm.lastSummary().get().failed() > 0, vm.lastSummary()));
        failedLink.managedProperty().bind(failedLink.visibleProperty());

        send.disableProperty().bind(vm.canSend().not());
        Tooltip why = new Tooltip();
        why.textProperty().bind(vm.sendBlocker());
        send.setTooltip(why);
        division.disableProperty().bind(vm.sending());
        Tooltip whichDivision = new Tooltip();
        whichDivision.textProperty().bind(Bindings.createStringBinding(() -> vm.division().get() == null
                ? "Choose the account division to invite from." : vm.division().get().toString(), vm.division()));
        division.setTooltip(whichDivision);
        // a test needs what a send needs of the form: a template and a valid From (the status line says which is missing)
        sendTest.disableProperty().bind(vm.mayLook().not().or(vm.sending()).or(vm.maySend().not()).or(vm.template().isNull())
                .or(vm.emailFromError().isNotEmpty()));
        permissionBanner.textProperty().bind(vm.permissionMessage());
        permissionBanner.visibleProperty().bind(vm.permissionMessage().isNotEmpty());
        permissionBanner.managedProperty().bind(permissionBanner.visibleProperty());
        progressBox.visibleProperty().bind(vm.sending().or(vm.lastSummary().isNotNull()).or(vm.run().resumable().greaterThan(0)));
        resume.visibleProperty().bind(vm.run().resumable().greaterThan(0).and(vm.sending().not()));
        resume.managedProperty().bind(resume.visibleProperty());
        resume.disableProperty().bind(vm.maySend().not());
        resume.setTooltip(new Tooltip("Sends what is still queued in this batch. Rows in doubt wait for a decision."));
        progressBox.managedProperty().bind(progressBox.visibleProperty());
        footerGap.managedProperty().bind(progressBox.visibleProperty().not()); // the progress takes the room between the buttons
        progress.progressProperty().bind(vm.progress());
        progressText.textProperty().bind(vm.progressText());
        // three lines at most beside the buttons (a fourth cut the form's last row at 1024x700); the whole text on hover
        progressText.maxHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.ceil(progressText.getFont().getSize() * 1.4 * 3), progressText.fontProperty()));
        Tooltip wholeProgress = new Tooltip();
        wholeProgress.textProperty().bind(vm.progressText());
        progressText.setTooltip(wholeProgress);
        cancel.visibleProperty().bind(vm.sending());
        status.textProperty().bind(vm.statusLine());
    }

    /**
     * Each label in the form's first column names the control beside it (FXML cannot refer to a
     * control defined after the label): its mnemonic focuses the control, and a screen reader reads
     * the label as the control's name.
     */
    private void labelTheFields() {
        for (javafx.scene.Node n : form.getChildren()) {
            if (!(n instanceof Label l) || GridPane.getColumnIndex(l) != null && GridPane.getColumnIndex(l) != 0) continue;
            Integer row = GridPane.getRowIndex(l);
            form.getChildren().stream()
                    .filter(c -> c instanceof javafx.scene.control.Control && !(c instanceof Label)
                            && java.util.Objects.equals(GridPane.getRowIndex(c), row) && Integer.valueOf(1).equals(GridPane.getColumnIndex(c)))
                    .findFirst().ifPresent(l::setLabelFor);
        }
    }

    /** One checkbox per {@link FilterFlag}, above "Limit to contacts without an existing invitation". */
    private void addFlagBoxes() {
        int at = 0;
        for (FilterFlag f : FilterFlag.values()) {
            CheckBox box = new CheckBox(f.label());
            box.setId(f.id());
            box.setTooltip(new Tooltip(f.rule()));
            box.selectedProperty().bindBidirectional(vm.flag(f));
            checks.getChildren().add(at++, box);
        }
    }

    @FXML void onPreview() { vm.preview(); }
    @FXML void onTemplates() { vm.openTemplates(); }

    @FXML void onSend() { vm.send(); }

    @FXML void onSendTest() { vm.sendTest(); }

    @FXML void onCancel() { vm.cancelSend(); }

    @FXML void onResume() { vm.resume(vm.run().resumable().get()); }

    @FXML void onBatches() { vm.openBatches(); }

    @FXML void onFailed() { vm.openFailedOfLastSend(); }
}

package org.invitedesk.ui.details;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailSort;
import org.invitedesk.ui.common.Columns;
import org.invitedesk.ui.common.FxmlViewLoader;

import java.io.File;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** The Portal Invitation Details window: a paged, database-sorted table with search and CSV export. */
public final class InvitationDetailsView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @FXML TableView<DetailRow> detailsTable;
    @FXML TextField detailsSearch;
    @FXML Button detailsPrev;
    @FXML Button detailsNext;
    @FXML Button detailsExport;
    @FXML Button detailsWithdraw;
    @FXML ProgressBar detailsExportProgress;
    @FXML Button detailsExportCancel;
    @FXML Label detailsStatus;
    @FXML Label detailsHeading;

    private final InvitationDetailsViewModel vm;
    private Stage stage;

    public InvitationDetailsView(InvitationDetailsViewModel vm) { this.vm = vm; }

    /** Loads the FXML with a view for {@code vm}, shows it in {@code stage} and loads the first page. */
    public static InvitationDetailsView show(Stage stage, FxmlViewLoader views, InvitationDetailsViewModel vm, String title) {
        FxmlViewLoader.Loaded<InvitationDetailsView> loaded = views.load(new InvitationDetailsView(vm), "InvitationDetailsView.fxml");
        InvitationDetailsView view = loaded.controller();
        view.stage = stage;
        stage.setTitle("Portal Invitation Details — " + title);
        view.detailsHeading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.total().get() < 0 ? title
                : title + " — " + vm.query().group().counted(vm.total().get())
                + (vm.totalSearch().get().isEmpty() ? "" : " matching “" + vm.totalSearch().get() + "”"), vm.total(), vm.totalSearch()));
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(loaded.root(), Math.min(1100, screen.getWidth() - 40), Math.min(600, screen.getHeight() - 60));
        org.invitedesk.ui.common.CloseKeys.install(scene, stage);
        stage.setScene(scene);
        vm.reload();
        return loaded.controller();
    }

    @FXML
    void initialize() {
        detailsTable.setItems(vm.rows());
        col("Account #", DetailSort.ACCOUNT_NUMBER, DetailRow::accountNumber, 100);
        col("Account name", DetailSort.ACCOUNT_NAME, DetailRow::accountName, 170);
        col("Contact", DetailSort.CONTACT_NAME, DetailRow::contactName, 150);
        col("Email", DetailSort.EMAIL, DetailRow::email, 250);
        // which batch the address waits in, beside the address
        if (vm.query().group() == org.invitedesk.domain.CountGroup.WAITING_IN_BATCH) col("Batch", null, DetailRow::lastError, 90);
        col("Billing", DetailSort.BILLING_CONTACT, r -> r.billingContact() ? "Yes" : "", 60);
        col("Account class", DetailSort.ACCOUNT_CLASS, DetailRow::accountClass, 110);
        col("Bill group", DetailSort.BILL_GROUP, DetailRow::billGroup, 150);
        col("Invitation status", DetailSort.INVITATION_STATUS, DetailRow::invitationStatus, 130);
        col("Last invited", DetailSort.LAST_INVITED_AT, r -> fmt(r.lastInvitedAt()), 120);
        col("Times invited", DetailSort.TIMES_INVITED, r -> String.valueOf(r.timesInvited()), 90);
        col("Accepted", DetailSort.ACCEPTED_AT, r -> fmt(r.acceptedAt()), 120);
        if (vm.query().group().isBatchGroup()) col("Server reply", null, DetailRow::lastError, 300);
        if (vm.query().group() == org.invitedesk.domain.CountGroup.NO_VALID_EMAIL) col("Reason", null, DetailRow::lastError, 300);
        // the order the rows come in is shown on its header from the start (before the policy that
        // asks the database for another order is set, so this reloads nothing)
        markSorted(vm.query().sort(), vm.query().descending());
        detailsTable.setSortPolicy(t -> {
            if (t.getSortOrder().isEmpty()) {
                // a third click on a header "unsorts" it: the rows go back to their first order
                DetailSort first = DetailQuery.of(vm.query().filter(), vm.query().group()).sort();
                if (vm.query().sort() != first || vm.query().descending()) vm.sortBy(first, false);
                javafx.application.Platform.runLater(() -> { if (t.getSortOrder().isEmpty()) markSorted(first, false); });
                return true;
            }
            TableColumn<DetailRow, ?> c = t.getSortOrder().get(0);
            if (c.getUserData() instanceof DetailSort s && (s != vm.query().sort() || (c.getSortType() == TableColumn.SortType.DESCENDING) != vm.query().descending())) {
                vm.sortBy(s, c.getSortType() == TableColumn.SortType.DESCENDING);
            }
            return true;
        });
        PauseTransition debounce = new PauseTransition(Duration.millis(300));
        debounce.setOnFinished(e -> vm.reload());
        detailsSearch.textProperty().bindBidirectional(vm.search());
        detailsSearch.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        detailsPrev.disableProperty().bind(vm.offset().isEqualTo(0));
        detailsNext.disableProperty().bind(vm.offset().add(InvitationDetailsViewModel.PAGE_SIZE).greaterThanOrEqualTo(vm.total()));
        detailsExport.disableProperty().bind(vm.exporting());
        detailsExportProgress.progressProperty().bind(vm.exportProgress());
        for (Node n : new Node[]{detailsExportProgress, detailsExportCancel}) {
            n.visibleProperty().bind(vm.exporting());
            n.managedProperty().bind(vm.exporting());
        }
        detailsStatus.textProperty().bind(vm.status());
        javafx.scene.control.Tooltip statusTip = new javafx.scene.control.Tooltip();
        statusTip.textProperty().bind(vm.status());
        detailsStatus.setTooltip(statusTip); // a long "Exported … to …" line may be cut beside the buttons
        detailsWithdraw.visibleProperty().bind(vm.mayWithdraw());
        detailsWithdraw.managedProperty().bind(vm.mayWithdraw());
        detailsWithdraw.disableProperty().bind(detailsTable.getSelectionModel().selectedItemProperty().isNull());
        detailsWithdraw.setTooltip(new javafx.scene.control.Tooltip("Withdraw the invitation sent to the selected address: its link stops working"));
    }

    /** "NVW-not-invited.csv", "batch-12-failed.csv": which list a saved file holds. */
    public static String exportFileName(DetailQuery q) {
        if (q.group() == org.invitedesk.domain.CountGroup.BATCH_ROWS) return "batch-" + q.batchId() + ".csv";
        if (q.group() == org.invitedesk.domain.CountGroup.FAILED_IN_BATCH) return "batch-" + q.batchId() + "-failed.csv";
        String group = q.group().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        // a division's code is free text: only what any file system takes
        String division = q.filter() == null || q.filter().division() == null ? "" : q.filter().division().replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        return division + group + ".csv";
    }

    /** Shows {@code sort} as the table's order (the header's arrow); the rows are already in it. */
    private void markSorted(DetailSort sort, boolean descending) {
        for (TableColumn<DetailRow, ?> c : detailsTable.getColumns()) {
            if (c.getUserData() == sort) {
                c.setSortType(descending ? TableColumn.SortType.DESCENDING : TableColumn.SortType.ASCENDING);
                detailsTable.getSortOrder().setAll(java.util.List.of(c));
                return;
            }
        }
    }

    @FXML void onWithdraw() {
        vm.withdraw(detailsTable.getSelectionModel().getSelectedItem());
        if (stage != null) stage.toFront(); // the confirmation belongs to the main window, which it raised
    }

    private void col(String title, DetailSort sort, Function<DetailRow, String> value, double width) {
        TableColumn<DetailRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(value.apply(r.getValue())));
        c.setCellFactory(x -> Columns.textCell());
        c.setPrefWidth(width);
        Columns.fitHeader(c);
        c.setUserData(sort);
        c.setSortable(sort != null);
        detailsTable.getColumns().add(c);
    }

    private static String fmt(OffsetDateTime t) { return t == null ? "" : t.atZoneSameInstant(ZoneId.systemDefault()).format(WHEN); }

    @FXML void onPrevious() { vm.previous(); }

    @FXML void onNext() { vm.next(); }

    @FXML void onCancelExport() { vm.cancelExport(); }

    @FXML void onClose() { stage.close(); }

    @FXML
    void onExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export rows to CSV");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        fc.setInitialFileName(exportFileName(vm.query()));
        File f = fc.showSaveDialog(stage);
        if (f != null) vm.exportCsv(f.toPath(), () -> { });
    }

    public InvitationDetailsViewModel viewModel() { return vm; }
}

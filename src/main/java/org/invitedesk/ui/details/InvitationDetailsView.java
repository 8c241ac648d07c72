package org.invitedesk.ui.details;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailSort;

import java.io.File;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** The Portal Invitation Details window: a paged, database-sorted table with search and CSV export. */
public final class InvitationDetailsView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Stage stage;
    private final InvitationDetailsViewModel vm;
    private final TableView<DetailRow> table = new TableView<>();

    public InvitationDetailsView(Stage stage, InvitationDetailsViewModel vm, String title) {
        this.stage = stage;
        this.vm = vm;
        stage.setTitle("Portal Invitation Details — " + title);
        table.setId("detailsTable");
        table.setItems(vm.rows());
        table.setFixedCellSize(26);
        table.setPlaceholder(new Label("No rows."));
        col("Account #", DetailSort.ACCOUNT_NUMBER, DetailRow::accountNumber, 100);
        col("Account name", DetailSort.ACCOUNT_NAME, DetailRow::accountName, 170);
        col("Contact", DetailSort.CONTACT_NAME, DetailRow::contactName, 150);
        col("Email", DetailSort.EMAIL, DetailRow::email, 210);
        col("Billing", DetailSort.BILLING_CONTACT, r -> r.billingContact() ? "Yes" : "", 60);
        col("Account class", DetailSort.ACCOUNT_CLASS, DetailRow::accountClass, 110);
        col("Bill group", DetailSort.BILL_GROUP, DetailRow::billGroup, 150);
        col("Invitation status", DetailSort.INVITATION_STATUS, DetailRow::invitationStatus, 130);
        col("Last invited", DetailSort.LAST_INVITED_AT, r -> fmt(r.lastInvitedAt()), 120);
        col("Times invited", DetailSort.TIMES_INVITED, r -> String.valueOf(r.timesInvited()), 90);
        col("Accepted", DetailSort.ACCEPTED_AT, r -> fmt(r.acceptedAt()), 120);
        if (vm.query().group().isBatchGroup()) col("Server reply", null, DetailRow::lastError, 300);
        table.setSortPolicy(t -> {
            if (t.getSortOrder().isEmpty()) return true;
            TableColumn<DetailRow, ?> c = t.getSortOrder().get(0);
            if (c.getUserData() instanceof DetailSort s) vm.sortBy(s, c.getSortType() == TableColumn.SortType.DESCENDING);
            return true;
        });

        TextField search = new TextField();
        search.setId("detailsSearch");
        search.setPromptText("Search name, email or account number");
        search.setPrefColumnCount(28);
        PauseTransition debounce = new PauseTransition(Duration.millis(300));
        debounce.setOnFinished(e -> vm.reload());
        search.textProperty().bindBidirectional(vm.search());
        search.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        Button prev = new Button("◀ Previous");
        prev.setId("detailsPrev");
        prev.setOnAction(e -> vm.previous());
        prev.disableProperty().bind(vm.offset().isEqualTo(0));
        Button next = new Button("Next ▶");
        next.setId("detailsNext");
        next.setOnAction(e -> vm.next());
        next.disableProperty().bind(vm.offset().add(InvitationDetailsViewModel.PAGE_SIZE).greaterThanOrEqualTo(vm.total()));
        Button export = new Button("Export CSV…");
        export.setId("detailsExport");
        export.setOnAction(e -> exportCsv());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        export.disableProperty().bind(vm.exporting());
        javafx.scene.control.ProgressBar exportBar = new javafx.scene.control.ProgressBar();
        exportBar.setId("detailsExportProgress");
        exportBar.progressProperty().bind(vm.exportProgress());
        Button cancelExport = new Button("Cancel export");
        cancelExport.setId("detailsExportCancel");
        cancelExport.setOnAction(e -> vm.cancelExport());
        for (javafx.scene.Node n : new javafx.scene.Node[]{exportBar, cancelExport}) {
            n.visibleProperty().bind(vm.exporting());
            n.managedProperty().bind(vm.exporting());
        }
        HBox top = new HBox(10, search, grow, prev, next, export, exportBar, cancelExport);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10));
        Label status = new Label();
        status.setId("detailsStatus");
        status.textProperty().bind(vm.status());
        status.setPadding(new Insets(6, 10, 8, 10));
        BorderPane root = new BorderPane(table, top, null, status, null);
        stage.setScene(new Scene(root, 1100, 600));
        vm.reload();
    }

    private void col(String title, DetailSort sort, Function<DetailRow, String> value, double width) {
        TableColumn<DetailRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(value.apply(r.getValue())));
        c.setPrefWidth(width);
        c.setUserData(sort);
        c.setSortable(sort != null);
        table.getColumns().add(c);
    }

    private static String fmt(OffsetDateTime t) { return t == null ? "" : t.atZoneSameInstant(java.time.ZoneId.systemDefault()).format(WHEN); }

    private void exportCsv() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export rows to CSV");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        fc.setInitialFileName("portal-invitations.csv");
        File f = fc.showSaveDialog(stage);
        if (f != null) vm.exportCsv(f.toPath(), () -> { });
    }

    public Stage stage() { return stage; }

    public InvitationDetailsViewModel viewModel() { return vm; }
}

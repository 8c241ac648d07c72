package org.invitedesk.ui.batches;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchState;
import org.invitedesk.ui.common.Columns;
import org.invitedesk.ui.common.FxmlViewLoader;

import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** The Batches window: binds the table and the buttons to {@link BatchesViewModel}; refreshes about once a second. */
public final class BatchesView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @FXML TableView<Batch> batchesTable;
    @FXML Label batchesBanner;
    @FXML Label batchesStatus;
    @FXML Button resumeButton;
    @FXML Button pauseButton;
    @FXML Button retryButton;
    @FXML Button retryAllButton;
    @FXML Button resendButton;
    @FXML Button markSentButton;
    @FXML Button exportButton;
    @FXML Button closeButton;

    private final BatchesViewModel vm;
    private Stage stage;

    public BatchesView(BatchesViewModel vm) { this.vm = vm; }

    public static BatchesView show(Stage stage, FxmlViewLoader views, BatchesViewModel vm) {
        FxmlViewLoader.Loaded<BatchesView> loaded = views.load(new BatchesView(vm), "BatchesView.fxml");
        loaded.controller().stage = stage;
        stage.setTitle("Batches — Invite Desk");
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(loaded.root(), Math.min(1200, screen.getWidth() - 40), Math.min(600, screen.getHeight() - 60)));
        Timeline live = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.refresh()));
        live.setCycleCount(Timeline.INDEFINITE);
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> live.play());
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> live.stop());
        vm.load();
        return loaded.controller();
    }

    @FXML
    void initialize() {
        batchesTable.setItems(vm.list());
        batchesTable.getProperties().put(BatchesViewModel.class, vm); // for tests that export without a file dialog
        col("Batch", b -> String.valueOf(b.id()), 64);
        col("Status", BatchesViewModel::words, 170);
        TableColumn<Batch, Batch> bar = new TableColumn<>("Progress");
        bar.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        bar.setCellFactory(c -> new ProgressCell());
        bar.setPrefWidth(110);
        batchesTable.getColumns().add(bar);
        col("Who", Batch::createdBy, 80);
        col("When", b -> b.createdAt() == null ? "" : b.createdAt().atZoneSameInstant(ZoneId.systemDefault()).format(WHEN), 150);
        col("Division and filters", Batch::filters, 200);
        col("Template", b -> b.templateName() + " (v" + b.templateVersion() + ")", 220);
        col("From", Batch::emailFrom, 190);
        col("Sent", b -> String.format("%,d", b.sent()), 70);
        col("Failed", b -> String.format("%,d", b.failed()), 60);
        col("In doubt", b -> String.format("%,d", b.inDoubt()), 70);
        col("Waiting", b -> String.format("%,d", b.remaining()), 70);
        batchesTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) vm.selected().set(b); });
        vm.selected().addListener((o, a, b) -> {
            if (b != null && batchesTable.getSelectionModel().getSelectedItem() != b) batchesTable.getSelectionModel().select(b);
        });
        batchesTable.setRowFactory(t -> {
            TableRow<Batch> row = new TableRow<>();
            row.setOnMouseClicked(e -> { if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) vm.openRows(); });
            return row;
        });
        resumeButton.disableProperty().bind(vm.canResume().not());
        pauseButton.disableProperty().bind(vm.canPause().not());
        retryButton.disableProperty().bind(vm.canRetry().not());
        retryAllButton.disableProperty().bind(vm.canRetry().not());
        resendButton.disableProperty().bind(vm.canDecide().not());
        markSentButton.disableProperty().bind(vm.canDecide().not());
        exportButton.disableProperty().bind(vm.canExport().not());
        batchesBanner.textProperty().bind(vm.banner());
        batchesBanner.visibleProperty().bind(vm.banner().isNotEmpty());
        batchesBanner.managedProperty().bind(batchesBanner.visibleProperty());
        batchesStatus.textProperty().bind(vm.status());
    }

    /** A text column whose cells show their whole text on hover. */
    private void col(String title, Function<Batch, String> value, double width) {
        TableColumn<Batch, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(value.apply(r.getValue())));
        c.setCellFactory(x -> Columns.textCell());
        c.setPrefWidth(width);
        Columns.fitHeader(c);
        batchesTable.getColumns().add(c);
    }

    /** The share of the batch settled (sent, failed, in doubt), as a bar. */
    private static final class ProgressCell extends TableCell<Batch, Batch> {
        private final ProgressBar bar = new ProgressBar();

        @Override
        protected void updateItem(Batch b, boolean empty) {
            super.updateItem(b, empty);
            if (empty || b == null || b.queued() == 0) {
                setGraphic(null);
                return;
            }
            bar.setProgress(b.state() == BatchState.DONE ? 1 : (double) (b.sent() + b.failed() + b.inDoubt()) / b.queued());
            bar.setMaxWidth(Double.MAX_VALUE);
            setGraphic(bar);
        }
    }

    @FXML void onResume() { vm.resume(); }
    @FXML void onPause() { vm.pause(); }
    @FXML void onRetry() { vm.retryFailed(false); }
    @FXML void onRetryAll() { vm.retryFailed(true); }
    @FXML void onResend() { vm.resendInDoubt(); }
    @FXML void onMarkSent() { vm.markInDoubtSent(); }
    @FXML void onClose() { stage.close(); }

    @FXML
    void onExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the batch's results");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        fc.setInitialFileName("batch-" + vm.selected().get().id() + "-results.csv");
        File f = fc.showSaveDialog(stage);
        if (f != null) vm.exportResults(f.toPath());
    }

    public BatchesViewModel viewModel() { return vm; }
}

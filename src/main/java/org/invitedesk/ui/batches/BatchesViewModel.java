package org.invitedesk.ui.batches;

import com.google.inject.Inject;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchState;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.Permissions;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.send.BatchDecisions;
import org.invitedesk.service.send.Batches;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The Batches window: every batch as the database has it now (refreshed about once a second, so
 * a batch sent by another copy of the app or by a server shows live too), and the decisions
 * about one, each after a confirmation that says how many rows it touches. Only holders of
 * permission 390 may act; others see the same and why they cannot.
 */
public class BatchesViewModel {
    /** Makes the view model of the Batches window; {@code resume} runs a batch where its progress shows (the main screen). */
    public static final class Factory {
        private final Batches batches;
        private final BatchDecisions decisions;
        private final PermissionService permissions;
        private final UiExecutor executor;
        private final Login login;

        @Inject
        Factory(Batches batches, BatchDecisions decisions, PermissionService permissions, UiExecutor executor, Login login) {
            this.batches = batches;
            this.decisions = decisions;
            this.permissions = permissions;
            this.executor = executor;
            this.login = login;
        }

        public BatchesViewModel create(WindowService windows, LongConsumer resume) {
            return new BatchesViewModel(this, windows, resume);
        }
    }

    private final Factory f;
    private final WindowService windows;
    private final LongConsumer resumer;
    private final ObservableList<Batch> list = FXCollections.observableArrayList();
    private final ObjectProperty<Batch> selected = new SimpleObjectProperty<>();
    private final BooleanProperty maySend = new SimpleBooleanProperty();
    private final StringProperty banner = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("Loading batches…");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    BatchesViewModel(Factory f, WindowService windows, LongConsumer resumer) {
        this.f = f;
        this.windows = windows;
        this.resumer = resumer;
    }

    /** Who may act, and the first list. */
    public void load() {
        f.executor.run(() -> f.permissions.user(f.login.name()), u -> {
            maySend.set(u.holds(Permissions.SEND_PORTAL_INVITATIONS));
            banner.set(maySend.get() ? "" : "You may look at the batches; acting on them needs permission 390 \"Send Account Portal Invitations\".");
        }, e -> status.set(Messages.of(e)));
        refresh();
    }

    /** Reads the batches again, keeping the selection. */
    public void refresh() {
        f.executor.run(() -> f.batches.list(200), rows -> {
            Batch was = selected.get();
            list.setAll(rows);
            if (was != null) selected.set(rows.stream().filter(b -> b.id() == was.id()).findFirst().orElse(null));
            if (status.get().startsWith("Loading")) status.set(rows.isEmpty() ? "No batches yet." : "");
        }, e -> status.set(Messages.of(e)));
    }

    private BooleanBinding may(Predicate<Batch> when) {
        return Bindings.createBooleanBinding(() -> maySend.get() && !busy.get() && selected.get() != null && when.test(selected.get()),
                maySend, busy, selected);
    }

    public BooleanBinding canResume() { return may(b -> b.remaining() > 0 && b.state() != BatchState.RUNNING); }
    /** Pause stops a running batch, and holds back one that waits (queued for a sender service, scheduled, waiting for the daily limit). */
    public BooleanBinding canPause() {
        return may(b -> java.util.EnumSet.of(BatchState.RUNNING, BatchState.INTERRUPTED, BatchState.QUEUED, BatchState.SCHEDULED,
                BatchState.WAITING).contains(b.state()));
    }
    public BooleanBinding canRetry() { return may(b -> b.failed() > 0 && b.state() != BatchState.RUNNING); }
    public BooleanBinding canDecide() { return may(b -> b.inDoubt() > 0 && b.state() != BatchState.RUNNING); }
    public BooleanBinding canExport() { return may(b -> true); }

    public void resume() {
        Batch b = selected.get();
        if (!windows.confirm("Resume batch " + b.id() + "?", String.format("Send the %,d invitation(s) still queued in batch %d?"
                + (b.inDoubt() > 0 ? " The %,d in doubt wait for your decision." : ""), b.remaining(), b.id(), b.inDoubt()), "Resume")) return;
        resumer.accept(b.id());
        status.set("Resuming batch " + b.id() + ": its progress shows in the main window.");
    }

    public void pause() {
        Batch b = selected.get();
        if (!windows.confirm("Pause batch " + b.id() + "?", String.format("Stop batch %d after the messages in flight? "
                + "The %,d still queued stay queued and can be resumed.", b.id(), b.remaining()), "Pause")) return;
        act(() -> f.decisions.pause(b.id(), f.login.name()), text -> text);
    }

    /** Re-queues the failed rows (also the permanent ones when asked), then sends them. */
    public void retryFailed(boolean includePermanent) {
        Batch b = selected.get();
        f.executor.run(() -> f.decisions.permanentFailures(b.id()), permanent -> {
            long n = includePermanent ? b.failed() : b.failed() - permanent;
            if (n == 0) {
                status.set("Batch " + b.id() + " has only permanent failures (5xx or a rejected address): use Retry all failed to retry them.");
                return;
            }
            if (!windows.confirm("Retry failed invitations?", String.format("Send the %,d failed invitation(s) of batch %d again?%s", n, b.id(),
                    includePermanent ? " Some were refused for good by the mail server; retrying them can hurt the sender's reputation." : ""),
                    "Retry")) return;
            act(() -> f.decisions.retryFailed(b.id(), includePermanent, f.login.name()), k -> {
                resumer.accept(b.id());
                return k + " invitation(s) re-queued; batch " + b.id() + " is sending them (see the main window).";
            });
        }, e -> status.set(Messages.of(e)));
    }

    public void resendInDoubt() {
        Batch b = selected.get();
        if (!windows.confirm("Send again?", String.format("Send the %,d invitation(s) in doubt of batch %d again? They were handed to the mail "
                + "server when the app stopped: a person may get the invitation twice.", b.inDoubt(), b.id()), "Send again")) return;
        act(() -> f.decisions.resendInDoubt(b.id(), f.login.name()), k -> {
            resumer.accept(b.id());
            return k + " invitation(s) queued again; batch " + b.id() + " is sending them (see the main window).";
        });
    }

    public void markInDoubtSent() {
        Batch b = selected.get();
        if (!windows.confirm("Mark as sent?", String.format("Take the %,d invitation(s) in doubt of batch %d as delivered? They will not be "
                + "sent again.", b.inDoubt(), b.id()), "Mark as sent")) return;
        act(() -> f.decisions.markInDoubtSent(b.id(), f.login.name()), k -> k + " invitation(s) marked as sent.");
    }

    /** Writes the selected batch's results (one row per invitation) to {@code file}, off the FX thread. */
    public void exportResults(Path file) {
        Batch b = selected.get();
        act(() -> {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                return f.batches.exportResults(b.id(), w);
            }
        }, n -> "Exported " + n + " row(s) of batch " + b.id() + " to " + file + ".");
    }

    /** The selected batch's rows in a details window (the search box also matches the status). */
    public void openRows() {
        Batch b = selected.get();
        if (b != null) windows.openDetails(null, CountGroup.BATCH_ROWS, b.id(), "Batch " + b.id() + " (" + b.filters() + ")"); // the filters begin with the division's code
    }

    private <T> void act(Callable<T> work, java.util.function.Function<T, String> said) {
        busy.set(true);
        f.executor.run(work, r -> {
            busy.set(false);
            status.set(said.apply(r));
            refresh();
        }, e -> {
            busy.set(false);
            status.set(Messages.of(e));
            refresh();
        });
    }

    /** A batch's status in words: running, paused (with why), interrupted, waiting for a decision, finished. */
    public static String words(Batch b) {
        String w = b.state().words();
        if ((b.state() == BatchState.SCHEDULED || b.state() == BatchState.WAITING) && b.statusReason() != null) return b.statusReason();
        return b.statusReason() == null || b.state() == BatchState.RUNNING ? w : w + ": " + b.statusReason();
    }

    public ObservableList<Batch> list() { return list; }
    public ObjectProperty<Batch> selected() { return selected; }
    public BooleanProperty maySend() { return maySend; }
    public StringProperty banner() { return banner; }
    public StringProperty status() { return status; }
}

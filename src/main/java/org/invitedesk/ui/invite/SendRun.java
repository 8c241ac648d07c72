package org.invitedesk.ui.invite;

import com.google.inject.Inject;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendProgress;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.PreviewService;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.Batches;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main screen's send: queue and run a batch in the background, its progress (the real
 * fraction sent, never "done" for a paused batch), and the offer to resume a batch left
 * unfinished, in place. Part of {@link BulkInviteViewModel}; knows no scene graph.
 */
public final class SendRun {
    /** The services a send from this screen uses: check, queue, run, preview. */
    public record Services(BatchQueue queue, BatchRunner runner, PreviewService preview, Batches batches) {
        @Inject
        public Services { }
    }

    private final Services services;
    private final UiExecutor executor;
    private final WindowService windows;
    private final String login;
    private final Runnable afterwards;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final ObjectProperty<SendSummary> lastSummary = new SimpleObjectProperty<>();
    private final LongProperty resumable = new SimpleLongProperty();
    private volatile AtomicBoolean cancel = new AtomicBoolean();

    SendRun(Services services, UiExecutor executor, WindowService windows, String login, Runnable afterwards) {
        this.services = services;
        this.executor = executor;
        this.windows = windows;
        this.login = login;
        this.afterwards = afterwards;
    }

    Services services() { return services; }

    /** Queues the batch, then sends it. */
    void start(InviteFilter f, String templateName, String from, long expected) {
        AtomicBoolean c = begin(InviteTexts.queueing(expected));
        executor.run(() -> {
            SendSummary q = services.queue().queue(f, templateName, from, login);
            if (q.queued() == 0) return q;
            return services.runner().run(q.batchId(), login, throttled(), c);
        }, this::finished, this::failed);
    }

    /** Resumes an unfinished batch, with the configured connections and rate. */
    public void resume(long batchId) {
        AtomicBoolean c = begin("Resuming batch " + batchId + "…");
        executor.run(() -> services.runner().run(batchId, login, throttled(), c), this::finished, this::failed);
    }

    /** Offers a batch left unfinished (found at start, or holding rows of the chosen division) for resume in place. */
    void offer(Batch b) {
        if (running.get() || b.remaining() == 0) return;
        resumable.set(b.id());
        progress.set(b.queued() == 0 ? 0 : (double) (b.sent() + b.failed() + b.inDoubt()) / b.queued());
        progressText.set(InviteTexts.unfinished(b));
    }

    /** Offers the oldest unfinished batch of a division that still has rows to send (in the background). */
    void offerUnfinished(String divisionCode) {
        if (running.get()) return;
        executor.run(() -> services.batches().unfinished().stream()
                        .filter(b -> b.divisionCode().equals(divisionCode) && b.remaining() > 0).findFirst(),
                found -> found.ifPresent(this::offer), e -> { });
    }

    public void cancel() {
        cancel.set(true);
        progressText.set("Cancelling… (what is queued stays queued)");
    }

    private AtomicBoolean begin(String text) {
        AtomicBoolean c = new AtomicBoolean();
        cancel = c;
        resumable.set(0);
        running.set(true);
        progress.set(0);
        progressText.set(text);
        return c;
    }

    private SendListener throttled() {
        AtomicLong last = new AtomicLong();
        return p -> {
            long now = System.nanoTime();
            if (now - last.get() < 100_000_000L && p.remaining() > 0) return;
            last.set(now);
            executor.post(() -> showProgress(p));
        };
    }

    private void showProgress(SendProgress p) {
        progress.set(p.fraction());
        progressText.set(InviteTexts.progress(p));
    }

    private void finished(SendSummary s) {
        running.set(false);
        lastSummary.set(s);
        progress.set(s.queued() == 0 ? 1 : (double) (s.sent() + s.failed() + s.inDoubt()) / s.queued());
        progressText.set(InviteTexts.finished(s));
        resumable.set(s.remaining() > 0 ? s.batchId() : 0);
        windows.showSummary(s);
        afterwards.run();
    }

    private void failed(Throwable e) {
        running.set(false);
        progressText.set("");
        windows.showError(Messages.of(e));
        afterwards.run();
    }

    public BooleanProperty running() { return running; }
    public DoubleProperty progress() { return progress; }
    public StringProperty progressText() { return progressText; }
    public ObjectProperty<SendSummary> lastSummary() { return lastSummary; }
    /** The batch offered for resume in place; 0 when none. */
    public LongProperty resumable() { return resumable; }
}

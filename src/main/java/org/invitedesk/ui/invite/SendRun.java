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
import org.invitedesk.domain.BatchState;
import org.invitedesk.service.send.BatchDecisions;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.RunnerKind;
import org.invitedesk.service.send.SenderPresence;
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
    public record Services(BatchQueue queue, BatchRunner runner, PreviewService preview, Batches batches, BatchDecisions decisions,
                           SenderPresence presence) {
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
    private final BooleanProperty handedOff = new SimpleBooleanProperty();
    private volatile AtomicBoolean cancel = new AtomicBoolean();
    private volatile long watching;
    private final java.util.concurrent.ScheduledExecutorService poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-watch");
        t.setDaemon(true);
        return t;
    });

    /** What a start ended as: sent by this window, handed to a sender service, or only queued (scheduled). */
    private record Outcome(SendSummary summary, boolean handedOff) { }

    SendRun(Services services, UiExecutor executor, WindowService windows, String login, Runnable afterwards) {
        this.services = services;
        this.executor = executor;
        this.windows = windows;
        this.login = login;
        this.afterwards = afterwards;
    }

    Services services() { return services; }

    /**
     * Queues the batch; {@code at} not null: it waits, scheduled, for any runner then. Otherwise a
     * sender service that is alive takes it over (this window only shows its progress, read from
     * the database, and closing it stops nothing); with none, this window sends it.
     */
    void start(InviteFilter f, String templateName, String from, long expected, java.time.OffsetDateTime at) {
        AtomicBoolean c = begin(InviteTexts.queueing(expected));
        executor.run(() -> {
            SendSummary q = services.queue().queue(f, templateName, from, login, at);
            if (q.queued() == 0 || at != null) return new Outcome(q, false);
            return sendOrHandOff(q.batchId(), c);
        }, this::ended, this::failed);
    }

    /** Resumes an unfinished batch: a sender service alive takes it; else this window sends it with the configured connections and rate. */
    public void resume(long batchId) {
        AtomicBoolean c = begin("Resuming batch " + batchId + "…");
        executor.run(() -> {
            if (services.presence().serviceAlive()) {
                services.decisions().requeue(batchId, login);
                return new Outcome(services.batches().summary(batchId), true);
            }
            return sendOrHandOff(batchId, c);
        }, this::ended, this::failed);
    }

    /** In the background: hands the batch to a live sender service, or sends it from this window. */
    private Outcome sendOrHandOff(long batchId, AtomicBoolean c) {
        if (services.presence().serviceAlive()) return new Outcome(services.batches().summary(batchId), true);
        executor.post(() -> {
            progressText.set(InviteTexts.windowSends());
            countsNow(); // the batch is queued: its addresses now wait in it
        });
        return new Outcome(services.runner().run(batchId, login, RunnerKind.WINDOW, services.runner().configuredOptions(), throttled(), c),
                false);
    }

    private void ended(Outcome o) {
        if (o.handedOff()) watch(o.summary().batchId());
        else finished(o.summary());
    }

    /** A sender service sends the batch: its progress, read from the database once a second, until it stops for any reason. */
    private void watch(long batchId) {
        watching = batchId;
        handedOff.set(true);
        progressText.set(InviteTexts.handedOff(batchId));
        poller.schedule(() -> poll(batchId), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void poll(long batchId) {
        Batch b;
        try {
            b = services.batches().batch(batchId);
        } catch (RuntimeException e) {
            poller.schedule(() -> poll(batchId), 5, java.util.concurrent.TimeUnit.SECONDS);
            return;
        }
        executor.post(() -> {
            if (watching != batchId) return;
            progress.set(b.queued() == 0 ? 1 : (double) (b.sent() + b.failed() + b.inDoubt()) / b.queued());
            boolean goesOn = b.state() == BatchState.RUNNING || b.state() == BatchState.QUEUED;
            if (goesOn) {
                progressText.set(InviteTexts.watched(b));
                countsNowAndThen();
                poller.schedule(() -> poll(batchId), 1, java.util.concurrent.TimeUnit.SECONDS);
            } else {
                watching = 0;
                handedOff.set(false);
                finished(new SendSummary(b.id(), b.queued(), b.skipped(), b.sent(), b.failed(), b.inDoubt(), b.remaining(), b.status(),
                        b.statusReason()));
            }
        });
    }

    /** Offers a batch left unfinished (found at start, or holding rows of the chosen division) for resume in place. */
    void offer(Batch b) {
        if (running.get() || b.remaining() == 0 || !waitsForAPerson(b.state())) return;
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

    /** Left unfinished with nobody to take it up (a sender service takes up queued, scheduled and waiting batches by itself). */
    private static boolean waitsForAPerson(BatchState s) {
        return s == BatchState.PAUSED || s == BatchState.INTERRUPTED || s == BatchState.NEEDS_DECISION;
    }

    public void cancel() {
        long w = watching;
        if (w != 0) {
            progressText.set("Pausing batch " + w + "… (the sender service stops after the messages in flight)");
            executor.run(() -> services.decisions().pause(w, login), x -> { }, this::failed);
            return;
        }
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
        countsNowAndThen();
    }

    private long countsAt;

    /** The counts follow a send as it goes (a send may last days): refreshed at most every 5 s while it runs. */
    private void countsNowAndThen() {
        if (countsAt != 0 && System.nanoTime() - countsAt < 5_000_000_000L) return;
        countsNow();
    }

    private void countsNow() {
        countsAt = System.nanoTime();
        afterwards.run();
    }

    private void finished(SendSummary s) {
        running.set(false);
        lastSummary.set(s);
        progress.set(s.queued() == 0 ? 1 : (double) (s.sent() + s.failed() + s.inDoubt()) / s.queued());
        progressText.set(s.status() == org.invitedesk.domain.BatchStatus.SCHEDULED ? InviteTexts.scheduled(s) : InviteTexts.finished(s));
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
    /** A sender service sends the running batch: this window only watches, and closing it stops nothing. */
    public BooleanProperty handedOff() { return handedOff; }
    public DoubleProperty progress() { return progress; }
    public StringProperty progressText() { return progressText; }
    public ObjectProperty<SendSummary> lastSummary() { return lastSummary; }
    /** The batch offered for resume in place; 0 when none. */
    public LongProperty resumable() { return resumable; }
}

package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InvitationStatus;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.PermissionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run of one batch: settles what an earlier run left, sends what is queued over one
 * {@link ConnectionWorker} per SMTP connection until nothing is left, the user cancels or the
 * server keeps failing (auto-pause), then settles again and records the batch's state. It holds
 * the batch's lock throughout. No JavaFX here: the window, the commands and the tests drive it.
 */
public class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final Db db;
    private final PermissionService permissions;
    private final MailSettings mail;
    private final Clock clock;
    private final Batches batches;
    private final Composers composers;

    @Inject
    BatchRunner(Db db, PermissionService permissions, MailSettings mail, Clock clock, Batches batches, Composers composers) {
        this.db = db;
        this.permissions = permissions;
        this.mail = mail;
        this.clock = clock;
        this.batches = batches;
        this.composers = composers;
    }

    /** The configured connections and rate ({@code smtp.connections}, {@code smtp.rate}) on the engine's defaults. */
    public SendOptions configuredOptions() {
        return SendOptions.defaults().withConnections(mail.connections()).withRate(mail.ratePerSecond());
    }

    /** Runs a batch with the configured options. */
    public SendSummary run(long batchId, String login, SendListener listener, AtomicBoolean cancel) {
        return run(batchId, login, configuredOptions(), listener, cancel);
    }

    public SendSummary run(long batchId, String login, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        permissions.requireSend(login);
        Batch batch = batches.batch(batchId);
        return BatchLock.holding(db, batchId, () -> runLocked(batch, options, listener, cancel));
    }

    private SendSummary runLocked(Batch batch, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        long batchId = batch.id();
        db.tx(s -> {
            Settlement.settle(s.getMapper(InvitationMapper.class), batchId);
            s.getMapper(BatchMapper.class).clearPauseRequest(batchId);
            s.getMapper(BatchMapper.class).setStatus(batchId, BatchStatus.SENDING, null);
            return null;
        });
        Composer composer = composers.forBatch(batch);
        Batch fresh = batches.batch(batchId);
        RunState state = new RunState(batchId, options, cancel, fresh.queued(), fresh.sent(), fresh.failed(), fresh.inDoubt());
        RuntimeException fatal = sendOverConnections(state, composer, listener);
        record(state);
        if (fatal != null && !(fatal instanceof UnavailableException)) LOG.error("Send worker failed", fatal);
        return batches.summary(batchId);
    }

    /** One thread per connection; progress goes to the listener about five times a second. */
    private RuntimeException sendOverConnections(RunState state, Composer composer, SendListener listener) {
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        try (HandCommitter committer = new HandCommitter(db, state.batchId)) {
            ConnectionWorker.Run run = new ConnectionWorker.Run(db, state, committer, composer, mail, clock);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < state.options.connections(); w++) {
                ConnectionWorker worker = new ConnectionWorker(run, w);
                Thread th = new Thread(() -> {
                    try {
                        worker.sendAll();
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, e);
                        state.pause("Stopped: " + (Failures.isDatabase(e) ? Failures.explainDatabase(e) : Failures.oneLine(e)));
                    }
                }, "send-" + state.batchId + "-" + w);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            awaitAll(threads, state, listener);
        }
        listener.progress(state.progress());
        return fatal.get();
    }

    private void awaitAll(List<Thread> threads, RunState state, SendListener listener) {
        try {
            for (Thread th : threads) {
                while (th.isAlive()) {
                    th.join(200);
                    listener.progress(state.progress());
                    checkPauseRequest(state);
                }
            }
        } catch (InterruptedException e) {
            state.cancel();
            Thread.currentThread().interrupt();
        }
    }

    /** A person asked for a pause (`pause`, the Batches window), maybe from another process: stop after the messages in flight. */
    private void checkPauseRequest(RunState state) {
        try {
            String by = db.read(BatchMapper.class, m -> m.pauseRequestedBy(state.batchId));
            if (by != null) state.pause("Paused by " + by + ".");
        } catch (RuntimeException e) {
            // the connections notice a lost database themselves
        }
    }

    /** Settles the run and records the batch's state: paused with its reason, waiting for a decision, or done. */
    private void record(RunState state) {
        long batchId = state.batchId;
        String reason = state.pauseReason();
        if (reason == null && state.cancelled()) reason = "Cancelled by the user; what was not sent stays queued and can be resumed.";
        String finalReason = reason;
        try {
            db.tx(s -> {
                InvitationMapper im = s.getMapper(InvitationMapper.class);
                Settlement.settle(im, batchId);
                BatchMapper bm = s.getMapper(BatchMapper.class);
                bm.refreshTotals(batchId);
                bm.clearPauseRequest(batchId);
                long left = im.countStatus(batchId, InvitationStatus.QUEUED);
                long doubt = im.countStatus(batchId, InvitationStatus.IN_DOUBT) + im.countStatus(batchId, InvitationStatus.SENDING);
                if (finalReason != null && left > 0) bm.setStatus(batchId, BatchStatus.PAUSED, finalReason);
                else if (doubt > 0) bm.setStatus(batchId, BatchStatus.PAUSED, doubt + " invitation(s) in doubt need a decision.");
                else bm.setStatus(batchId, BatchStatus.DONE, null);
                return null;
            });
        } catch (RuntimeException e) {
            throw new UnavailableException("The database went away while finishing batch " + batchId + ": " + Failures.reason(e)
                    + ". Nothing was lost: resume the batch when the database is back.");
        }
    }
}

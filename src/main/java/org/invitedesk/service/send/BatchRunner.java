package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.PermissionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One process's run of one batch: registers as a {@link Runner}, joins the batch (other runners,
 * in this process or on other machines, may work it at the same time), settles runners of it
 * that died, sends what is queued over one {@link ConnectionWorker} per SMTP connection until
 * nothing is left, the user cancels, the relay's daily limit is reached or the server keeps
 * failing (auto-pause), then settles its own work; the last runner out records the batch's state
 * ({@link RunEnd}). No JavaFX here: the window, the commands, the sender service and the tests drive it.
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

    /** Runs a batch with the configured options, as a command. */
    public SendSummary run(long batchId, String login, SendListener listener, AtomicBoolean cancel) {
        return run(batchId, login, RunnerKind.COMMAND, configuredOptions(), listener, cancel);
    }

    public SendSummary run(long batchId, String login, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        return run(batchId, login, RunnerKind.COMMAND, options, listener, cancel);
    }

    /**
     * Runs a batch until nothing is left for this runner. {@code cancel}: a person's cancel
     * (window, command: the batch is paused when this was the last runner), or a sender service
     * stopping (the batch goes back to the queue for any runner).
     */
    public SendSummary run(long batchId, String login, RunnerKind kind, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        permissions.requireSend(login);
        Batch batch = batches.batch(batchId);
        try (Runner runner = Runner.start(db, kind, login)) {
            if (!runner.shareBatch(batchId)) {
                throw new BadInputException(InputField.BATCH, "Someone is deciding about batch " + batchId + " right now; try again in a moment.");
            }
            Settlement.settleDead(db, batchId);
            if (!begin(batchId, runner)) return batches.summary(batchId);
            Composer composer = composers.forBatch(batch);
            Batch fresh = batches.batch(batchId);
            RunState state = new RunState(batchId, runner, options, cancel, fresh.queued(), fresh.sent(), fresh.failed(), fresh.inDoubt());
            RuntimeException fatal = sendOverConnections(state, composer, listener);
            record(state, runner);
            if (fatal != null && !(fatal instanceof UnavailableException)) LOG.error("Send worker failed", fatal);
            return batches.summary(batchId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return batches.summary(batchId);
        }
    }

    /**
     * Joins the batch, under its row lock: false when there is nothing for this runner (done, or,
     * for a sender service, paused, being paused, or not yet due). A person's resume (window,
     * command) takes up a paused, scheduled or waiting batch now.
     */
    private boolean begin(long batchId, Runner runner) {
        return db.tx(s -> {
            BatchMapper bm = s.getMapper(BatchMapper.class);
            BatchStatus status = bm.lockStatus(batchId);
            if (status == BatchStatus.DONE) return false;
            if (runner.kind == RunnerKind.SERVICE) {
                String pausedBy = bm.pauseRequestedBy(batchId);
                if (pausedBy != null && !s.getMapper(org.invitedesk.data.RunnerMapper.class).ids(batchId).isEmpty()) return false;
                if (pausedBy != null) {
                    // asked for while nobody ran it: record it now
                    bm.setStatus(batchId, BatchStatus.PAUSED, "Paused by " + pausedBy + ".");
                    bm.clearPauseRequest(batchId);
                    return false;
                }
                if (!bm.isDue(batchId, OffsetDateTime.now(clock))) return false;
            }
            s.getMapper(org.invitedesk.data.RunnerMapper.class).attach(runner.id, batchId);
            if (runner.kind != RunnerKind.SERVICE) bm.clearPauseRequest(batchId);
            if (status != BatchStatus.SENDING) bm.setStatus(batchId, BatchStatus.SENDING, null);
            return true;
        });
    }

    /** One thread per connection; progress goes to the listener about five times a second. */
    private RuntimeException sendOverConnections(RunState state, Composer composer, SendListener listener) {
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        try (HandCommitter committer = new HandCommitter(db, state.runner.id)) {
            ConnectionWorker.Run run = new ConnectionWorker.Run(db, state, committer, composer, mail, clock);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < state.options.connections(); w++) {
                ConnectionWorker worker = new ConnectionWorker(run, w);
                Thread th = new Thread(() -> {
                    try {
                        worker.sendAll();
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, e);
                        if (Failures.isDatabase(e) || e instanceof UnavailableException) {
                            state.pauseForDatabase("Stopped: " + (Failures.isDatabase(e) ? Failures.explainDatabase(e) : Failures.oneLine(e)));
                        } else {
                            state.pause("Stopped: " + Failures.oneLine(e));
                        }
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
        long lastShare = 0;
        try {
            for (Thread th : threads) {
                while (th.isAlive()) {
                    th.join(200);
                    listener.progress(state.progress());
                    checkPauseRequest(state);
                    if (state.runner.lost()) state.pauseForDatabase("This run lost the database; another runner settles what it left.");
                    if (System.currentTimeMillis() - lastShare > Runner.HEARTBEAT_MS) {
                        lastShare = System.currentTimeMillis();
                        shareRate(state);
                    }
                }
            }
        } catch (InterruptedException e) {
            state.cancel();
            Thread.currentThread().interrupt();
        }
    }

    /** The configured rate is the relay's: every live run of any batch, in any process, takes an equal share. */
    private void shareRate(RunState state) {
        if (state.options.ratePerSecond() <= 0) return;
        try {
            int runs = Math.max(1, db.read(org.invitedesk.data.RunnerMapper.class, org.invitedesk.data.RunnerMapper::liveRuns));
            state.rate.setRate(state.options.ratePerSecond() / runs);
        } catch (RuntimeException e) {
            // keep the last share; the connections notice a lost database themselves
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

    /** Settles this runner's work; the last runner out records the batch's state. */
    private void record(RunState state, Runner runner) {
        try {
            db.tx(s -> {
                RunEnd.record(s, state, runner, clock);
                return null;
            });
        } catch (RuntimeException e) {
            throw new UnavailableException("The database went away while finishing batch " + state.batchId + ": " + Failures.reason(e)
                    + ". Nothing was lost: resume the batch when the database is back.");
        }
    }
}

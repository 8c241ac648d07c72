package org.invitedesk.service;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Database;
import org.invitedesk.data.Db;
import org.invitedesk.data.FilterParams;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.data.LookupMapper;
import org.invitedesk.data.RecipientMapper;
import org.invitedesk.data.TemplateMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.Recipient;
import org.invitedesk.domain.SendProgress;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.Template;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.EmailAddresses;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.RateLimiter;
import org.invitedesk.mail.SendOutcome;
import org.invitedesk.mail.SmtpConnection;
import org.invitedesk.template.CompiledTemplate;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.template.TemplateRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The send engine. Queueing creates the batch and all its invitation rows in one transaction;
 * sending claims rows with {@code FOR UPDATE SKIP LOCKED} (storing their tokens' hashes), and
 * before handing each message to SMTP records durably, in its connection's slot row, which
 * message is being handed and which ones the server has accepted (V11). So a crash leaves at
 * most one row per connection in doubt and nothing is sent twice or lost. No JavaFX here: the
 * window, the commands and the tests drive this same class.
 */
public class SendService {
    private static final Logger LOG = LoggerFactory.getLogger(SendService.class);
    static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

    private final Db db;
    private final DataSource dataSource;
    private final InviteService invites;
    private final PermissionService permissions;
    private final TemplateRenderer renderer;
    private final MailSettings mail;
    private final Clock clock;
    private final int expiryDays;

    public SendService(Database database, InviteService invites, PermissionService permissions, TemplateRenderer renderer,
                       MailSettings mail, Clock clock, int expiryDays) {
        this.db = database.db();
        this.dataSource = database.dataSource();
        this.invites = invites;
        this.permissions = permissions;
        this.renderer = renderer;
        this.mail = mail;
        this.clock = clock;
        this.expiryDays = expiryDays;
    }

    public MailSettings mailSettings() { return mail; }

    // ---------------------------------------------------------------- queueing

    /** Checks From and template and permission; returns the compiled template or throws a clear error. */
    public CompiledTemplate validate(InviteFilter filter, String templateName, String from, String login) {
        return check(filter, templateName, from, login).compiled();
    }

    private record Checked(Template template, CompiledTemplate compiled, FilterParams params) { }

    private Checked check(InviteFilter filter, String templateName, String from, String login) {
        permissions.requireSend(login);
        Optional<String> fromProblem = EmailAddresses.problemWithFrom(from);
        if (fromProblem.isPresent()) throw new BadInputException("Email From: " + fromProblem.get());
        FilterParams p = invites.resolve(filter);
        Template t = invites.activeTemplate(templateName);
        return new Checked(t, renderer.compile(t), p);
    }

    /**
     * Creates the batch and one QUEUED invitation per distinct recipient address, in one
     * transaction. Addresses already holding an open invitation (another batch, another user)
     * are skipped and counted.
     */
    public SendSummary queue(InviteFilter filter, String templateName, String from, String login) {
        Checked checked = check(filter, templateName, from, login);
        CompiledTemplate compiled = checked.compiled();
        Template t = checked.template();
        FilterParams p = checked.params();
        DetailRow first = invites.firstRecipient(filter);
        if (first != null) compiled.render(values(first.contactName(), "", first.email(), first.accountNumber(),
                first.accountName(), invites.division(filter.division()), "https://example.invalid/preview", expiresOn()));
        String cleanFrom = EmailAddresses.normalizedFrom(from);
        OffsetDateTime expires = OffsetDateTime.now(clock).plusDays(expiryDays);
        long[] result = db.tx(s -> {
            BatchMapper bm = s.getMapper(BatchMapper.class);
            RecipientMapper rm = s.getMapper(RecipientMapper.class);
            bm.globalQueueLock();
            long willReceive = rm.counts(p).willReceive();
            long id = bm.insert(login, p.divisionId(), filter.describe(), t.id(), cleanFrom);
            int queued = rm.queue(p, id, expires);
            rm.supersede(id);
            int skipped = (int) Math.max(0, willReceive - queued);
            bm.setTotals(id, queued, skipped);
            if (queued == 0) bm.setStatus(id, "DONE", "Nothing to send: every recipient already has an invitation.");
            return new long[]{id, queued, skipped};
        });
        LOG.info("Batch {} queued {} invitations ({} skipped) for {} by {}", result[0], result[1], result[2], filter.describe(), login);
        return new SendSummary(result[0], result[1], result[2], 0, 0, 0, result[1], result[1] == 0 ? "DONE" : "QUEUED", null);
    }

    /** Renders every recipient's message and queues nothing. */
    public SendSummary dryRun(InviteFilter filter, String templateName, String from, String login) {
        CompiledTemplate compiled = validate(filter, templateName, from, login);
        Division d = invites.division(filter.division());
        long n = invites.exportRows(filter, row -> compiled.render(values(row.contactName(), "", row.email(),
                row.accountNumber(), row.accountName(), d, "https://example.invalid/dry-run", expiresOn())));
        return new SendSummary(0, n, 0, 0, 0, 0, n, "DRY_RUN", null);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends what is queued in a batch until nothing is left, the user cancels, or the server
     * keeps failing (auto-pause). Rows found SENDING from an earlier run become IN_DOUBT.
     */
    public SendSummary run(long batchId, String login, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        permissions.requireSend(login);
        Batch batch = batch(batchId);
        return withBatchLock(batchId, () -> runLocked(batch, options, listener, cancel));
    }

    /** Runs {@code work} holding the batch's lock, which a send holds for its whole run (any machine). */
    private <R> R withBatchLock(long batchId, Supplier<R> work) {
        try (Connection lockConn = dataSource.getConnection()) {
            if (!advisoryLock(lockConn, batchId)) {
                throw new BadInputException("Batch " + batchId + " is being sent by another Invite Desk right now; wait for it to finish.");
            }
            try {
                return work.get();
            } finally {
                advisoryUnlock(lockConn, batchId);
            }
        } catch (SQLException e) {
            throw new UnavailableException("Database unreachable while sending batch " + batchId + ": " + Database.reason(e)
                    + ". Nothing was lost: resume the batch when the database is back.");
        }
    }

    private SendSummary runLocked(Batch batch, SendOptions options, SendListener listener, AtomicBoolean cancel) {
        long batchId = batch.id();
        db.tx(s -> {
            settle(s.getMapper(InvitationMapper.class), batchId);
            s.getMapper(BatchMapper.class).setStatus(batchId, "SENDING", null);
            return null;
        });
        Template t = db.read(TemplateMapper.class, m -> m.byId(templateIdOf(batchId)));
        CompiledTemplate compiled = renderer.compile(t);
        Division division = db.read(LookupMapper.class, m -> m.divisionByCode(batch.divisionCode()));

        Batch fresh = batch(batchId);
        long total = fresh.queued();
        AtomicLong sent = new AtomicLong(fresh.sent());
        AtomicLong failed = new AtomicLong(fresh.failed());
        AtomicLong inDoubt = new AtomicLong(fresh.inDoubt());
        AtomicLong sentThisRun = new AtomicLong();
        AtomicInteger consecutiveFailures = new AtomicInteger();
        AtomicReference<String> pauseReason = new AtomicReference<>();
        AtomicLong slowUntil = new AtomicLong();
        RateLimiter rate = new RateLimiter(options.ratePerSecond());
        long started = System.nanoTime();

        Runnable report = () -> {
            double secs = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            double mps = sentThisRun.get() / secs;
            long remaining = Math.max(0, total - sent.get() - failed.get() - inDoubt.get());
            long left = mps > 0 ? (long) (remaining / mps) : -1;
            listener.progress(new SendProgress(batchId, total, sent.get(), failed.get(), inDoubt.get(), remaining, mps, left,
                    pauseReason.get()));
        };

        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        HandCommitter committer = new HandCommitter(db, batchId);
        for (int w = 0; w < options.connections(); w++) {
            int worker = w;
            Thread th = new Thread(() -> {
                try (SmtpConnection smtp = new SmtpConnection(mail)) {
                    workerLoop(batchId, worker, compiled, batch.emailFrom(), division, smtp, committer, options, rate, cancel,
                            pauseReason, consecutiveFailures, slowUntil, sent, failed, inDoubt, sentThisRun);
                } catch (RuntimeException e) {
                    fatal.compareAndSet(null, e);
                    pauseReason.compareAndSet(null, "Stopped: " + describe(e));
                }
            }, "send-" + batchId + "-" + w);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
        try {
            for (Thread th : workers) {
                while (th.isAlive()) {
                    th.join(200);
                    report.run();
                }
            }
        } catch (InterruptedException e) {
            cancel.set(true);
            Thread.currentThread().interrupt();
        } finally {
            committer.close();
        }
        report.run();

        String reason = pauseReason.get();
        if (reason == null && cancel.get()) reason = "Cancelled by the user; what was not sent stays queued and can be resumed.";
        String finalReason = reason;
        try {
            db.tx(s -> {
                InvitationMapper im = s.getMapper(InvitationMapper.class);
                settle(im, batchId);
                BatchMapper bm = s.getMapper(BatchMapper.class);
                bm.refreshTotals(batchId);
                long left = im.countStatus(batchId, "QUEUED");
                long doubt = im.countStatus(batchId, "IN_DOUBT") + im.countStatus(batchId, "SENDING");
                if (finalReason != null && left > 0) bm.setStatus(batchId, "PAUSED", finalReason);
                else if (doubt > 0) bm.setStatus(batchId, "PAUSED", doubt + " invitation(s) in doubt need a decision.");
                else bm.setStatus(batchId, "DONE", null);
                return null;
            });
        } catch (RuntimeException e) {
            throw new UnavailableException("The database went away while finishing batch " + batchId + ": " + Database.reason(e)
                    + ". Nothing was lost: resume the batch when the database is back.");
        }
        if (fatal.get() != null && !(fatal.get() instanceof UnavailableException)) LOG.error("Send worker failed", fatal.get());
        return summary(batchId);
    }

    /**
     * One SMTP connection's loop. Per message exactly one durable statement runs before the
     * message is handed to SMTP: its slot row names the message and lists the ones accepted since
     * the last flush. The accepted rows are then written to invitation once per claim (or once a
     * second when sending slowly), in one statement.
     */
    private void workerLoop(long batchId, int worker, CompiledTemplate compiled, String from, Division division,
                            SmtpConnection smtp, HandCommitter committer, SendOptions options, RateLimiter rate,
                            AtomicBoolean cancel, AtomicReference<String> pauseReason, AtomicInteger consecutiveFailures,
                            AtomicLong slowUntil, AtomicLong sent, AtomicLong failed, AtomicLong inDoubt, AtomicLong sentThisRun) {
        String fromDomain = from.substring(from.indexOf('@') + 1);
        Accepted accepted = new Accepted();
        try (SqlSession session = db.openWorker()) {
            InvitationMapper im = session.getMapper(InvitationMapper.class);
            im.openSlot(batchId, worker);
            while (!cancel.get() && pauseReason.get() == null) {
                String[] tokens = new String[options.claimSize()];
                String[] hashes = new String[tokens.length];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = Tokens.newToken();
                    hashes[i] = Tokens.hash(tokens[i]);
                }
                List<Recipient> claimed = im.claim(batchId, options.claimSize(), hashes);
                if (claimed.isEmpty()) {
                    accepted.flush(im, batchId, worker);
                    if (!waitForDue(batchId, cancel, pauseReason)) break;
                    continue;
                }
                String expires = expiresOn();
                for (Recipient r : claimed) {
                    if (cancel.get() || pauseReason.get() != null) break;
                    if (options.ratePerSecond() > 0 || slowUntil.get() > System.currentTimeMillis()) {
                        // About to wait: record the last accepted message now rather than with the
                        // next one's mark, so a crash while waiting leaves nothing in doubt.
                        accepted.recordNow(committer, worker);
                    }
                    waitUntil(slowUntil.get(), cancel);
                    rate.acquire();
                    if (accepted.dueForFlush()) accepted.flush(im, batchId, worker);
                    Prepared p = prepare(r, tokens[r.tokenIndex() - 1], compiled, from, fromDomain, division, expires, smtp);
                    if (p.problem() != null) {
                        // Still CLAIMED and never handed to SMTP: record it as failed.
                        im.finish(batchId, worker, r.invitationId(), "FAILED", "Invalid address or content: " + p.problem(), null);
                        failed.incrementAndGet();
                        continue;
                    }
                    // The mark goes to the database while SMTP starts; the data's ending waits for it.
                    CompletableFuture<Void> handed = accepted.hand(committer, worker, r.invitationId());
                    ((InvitationMessage.Tracked) p.message()).gate(handed);
                    SendOutcome out = smtp.send(p.message(), p.to());
                    awaitMark(handed);
                    long nowMillis = clock.millis();
                    switch (out.kind()) {
                        case SENT -> {
                            accepted.add(r.invitationId(), nowMillis);
                            sent.incrementAndGet();
                            sentThisRun.incrementAndGet();
                            consecutiveFailures.set(0);
                        }
                        case PERMANENT -> {
                            im.finish(batchId, worker, r.invitationId(), "FAILED", out.reply(), null);
                            failed.incrementAndGet();
                            consecutiveFailures.set(0);
                        }
                        case IN_DOUBT -> {
                            im.finish(batchId, worker, r.invitationId(), "IN_DOUBT", out.reply(), null);
                            inDoubt.incrementAndGet();
                            bumpFailures(consecutiveFailures, options, pauseReason, out);
                        }
                        case TRANSIENT -> {
                            if (r.attempts() >= options.maxAttempts()) {
                                im.finish(batchId, worker, r.invitationId(), "FAILED",
                                        out.reply() + " (gave up after " + r.attempts() + " attempts)", null);
                                failed.incrementAndGet();
                            } else {
                                long delay = backoff(options, r.attempts());
                                im.finish(batchId, worker, r.invitationId(), "QUEUED", out.reply(),
                                        OffsetDateTime.now(clock).plusNanos(delay * 1_000_000));
                                if (out.slowDown()) slowUntil.set(System.currentTimeMillis() + delay);
                            }
                            bumpFailures(consecutiveFailures, options, pauseReason, out);
                        }
                    }
                }
                // Rows of this claim not handed to SMTP (cancel, pause) go back to QUEUED at the end of the run.
                accepted.flush(im, batchId, worker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!accepted.isEmpty()) {
                // The worker's session may be the broken part: flush with a fresh one. When the
                // database is gone, the slot row still holds all but the last accepted row, and
                // the next run settles it.
                try {
                    db.read(InvitationMapper.class, m -> { accepted.flush(m, batchId, worker); return null; });
                } catch (RuntimeException e) {
                    pauseReason.compareAndSet(null, "Database unreachable: " + Database.reason(e));
                }
            }
        }
    }

    /**
     * Waits for a message's durable mark. When it failed, the message's data was never ended
     * (its gate held it), so nothing was delivered; the database is the problem and the run stops.
     */
    private static void awaitMark(CompletableFuture<Void> handed) throws InterruptedException {
        try {
            handed.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UnavailableException("Database unreachable: " + Database.reason(e.getCause())
                    + ". Nothing was lost: resume the batch when the database is back.");
        } catch (TimeoutException e) {
            throw new UnavailableException("The database did not answer for 60 s. Nothing was lost: resume the batch when it is back.");
        }
    }

    /** One recipient's message, built and ready to hand to SMTP, or why it cannot be. */
    private record Prepared(MimeMessage message, Address[] to, String problem) { }

    private static Prepared prepare(Recipient r, String token, CompiledTemplate compiled, String from, String fromDomain,
                                    Division division, String expires, SmtpConnection smtp) {
        try {
            RenderedMessage content = compiled.render(values(r.firstName(), r.lastName(), r.email(), r.accountNumber(),
                    r.accountName(), division, inviteUrl(division, token), expires));
            MimeMessage msg = InvitationMessage.build(smtp.session(), from, r.email(), content,
                    "<invitation-" + r.invitationId() + "@" + fromDomain + ">", false);
            return new Prepared(msg, new Address[]{new InternetAddress(r.email(), true)}, null);
        } catch (MessagingException | RuntimeException e) {
            return new Prepared(null, null, describe(e));
        }
    }

    /** The rows this connection's server accepted since the invitation rows were last written. */
    private static final class Accepted {
        private final List<Long> ids = new ArrayList<>();
        private final List<Long> at = new ArrayList<>();
        /** accepted, not yet listed in the slot row (it goes with the next hand) */
        private Long unlisted;
        private long unlistedAt;
        private long lastFlush = System.nanoTime();

        void add(long id, long atMillis) {
            ids.add(id);
            at.add(atMillis);
            unlisted = id;
            unlistedAt = atMillis;
        }

        CompletableFuture<Void> hand(HandCommitter committer, int worker, long nextId) {
            CompletableFuture<Void> f = committer.submit(worker, nextId, unlisted, unlisted == null ? null : unlistedAt);
            unlisted = null;
            return f;
        }

        /** Records the last accepted message (nothing being handed) and waits for it, if there is one. */
        void recordNow(HandCommitter committer, int worker) throws InterruptedException {
            if (unlisted == null) return;
            CompletableFuture<Void> f = committer.submit(worker, null, unlisted, unlistedAt);
            unlisted = null;
            awaitMark(f);
        }

        boolean isEmpty() { return ids.isEmpty(); }

        boolean dueForFlush() { return !ids.isEmpty() && System.nanoTime() - lastFlush > 1_000_000_000L; }

        void flush(InvitationMapper im, long batchId, int worker) {
            if (!ids.isEmpty()) im.flushSent(batchId, worker, ids.toArray(new Long[0]), at.toArray(new Long[0]));
            ids.clear();
            at.clear();
            unlisted = null;
            lastFlush = System.nanoTime();
        }
    }

    /**
     * Before a run and after it, with the batch's lock held: what the slots say the server
     * accepted is SENT, what they were handing is IN_DOUBT, and what is still CLAIMED was never
     * handed to SMTP, so it goes back to QUEUED.
     */
    private static void settle(InvitationMapper im, long batchId) {
        im.settleAccepted(batchId);
        im.settleHanding(batchId);
        im.dropSlots(batchId);
        im.releaseClaimed(batchId);
        im.markInDoubt(batchId);
    }

    /** @return false when nothing queued is left */
    private boolean waitForDue(long batchId, AtomicBoolean cancel, AtomicReference<String> pauseReason) throws InterruptedException {
        OffsetDateTime due = db.read(InvitationMapper.class, m -> m.nextDue(batchId));
        if (due == null) return false;
        long waitMs = Math.min(1000, Math.max(20, due.toInstant().toEpochMilli() - System.currentTimeMillis()));
        long end = System.currentTimeMillis() + waitMs;
        while (System.currentTimeMillis() < end && !cancel.get() && pauseReason.get() == null) Thread.sleep(20);
        return true;
    }

    private static void waitUntil(long epochMs, AtomicBoolean cancel) throws InterruptedException {
        while (System.currentTimeMillis() < epochMs && !cancel.get()) Thread.sleep(Math.min(100, epochMs - System.currentTimeMillis() + 1));
    }

    private void bumpFailures(AtomicInteger consecutive, SendOptions o, AtomicReference<String> pauseReason, SendOutcome out) {
        if (consecutive.incrementAndGet() >= o.pauseAfterConsecutiveFailures()) {
            pauseReason.compareAndSet(null, "Paused after " + consecutive.get() + " failures in a row; the SMTP server at "
                    + mail.where() + " said: " + out.reply() + ". Check the server, then resume.");
        }
    }

    private static long backoff(SendOptions o, int attempts) {
        long base = o.retryBase().toMillis() * (1L << Math.min(10, Math.max(0, attempts - 1)));
        long capped = Math.min(base, 5 * 60_000);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    // ---------------------------------------------------------------- batches and decisions

    public Batch batch(long id) {
        Batch b = db.read(BatchMapper.class, m -> m.byId(id));
        if (b == null) throw new BadInputException("There is no batch " + id + ". Run `batches` to list them.");
        return b;
    }

    public List<Batch> batches(int limit) { return db.read(BatchMapper.class, m -> m.list(limit)); }

    public List<Batch> unfinished() { return db.read(BatchMapper.class, BatchMapper::unfinished); }

    public SendSummary summary(long batchId) {
        Batch b = batch(batchId);
        return new SendSummary(b.id(), b.queued(), b.skipped(), b.sent(), b.failed(), b.inDoubt(), b.remaining(), b.status(),
                b.statusReason());
    }

    /** Rows in doubt: the user decided to send them again. */
    public int resendInDoubt(long batchId, String login) {
        permissions.requireSend(login);
        return withBatchLock(batchId, () -> db.tx(s -> {
            settle(s.getMapper(InvitationMapper.class), batchId);
            return s.getMapper(InvitationMapper.class).requeueInDoubt(batchId);
        }));
    }

    /** Rows in doubt: the user decided they were delivered. */
    public int markInDoubtSent(long batchId, String login) {
        permissions.requireSend(login);
        return withBatchLock(batchId, () -> db.tx(s -> {
            settle(s.getMapper(InvitationMapper.class), batchId);
            return s.getMapper(InvitationMapper.class).markInDoubtSent(batchId);
        }));
    }

    /** Re-queues the failed rows of a batch; permanent failures (5xx) only when asked. */
    public int retryFailed(long batchId, boolean includePermanent, String login) {
        permissions.requireSend(login);
        batch(batchId);
        return db.tx(s -> {
            int n = s.getMapper(InvitationMapper.class).retryFailed(batchId, includePermanent);
            s.getMapper(BatchMapper.class).refreshTotals(batchId);
            if (n > 0) s.getMapper(BatchMapper.class).setStatus(batchId, "QUEUED", null);
            return n;
        });
    }

    private long templateIdOf(long batchId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT template_id FROM invitation_batch WHERE id = ?")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new UnavailableException("Database unreachable: " + Database.reason(e));
        }
    }

    private static boolean advisoryLock(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(7243, ?)")) {
            ps.setInt(1, (int) batchId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void advisoryUnlock(Connection c, long batchId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(7243, ?)")) {
            ps.setInt(1, (int) batchId);
            ps.execute();
        } catch (SQLException ignored) {
            // the lock ends with the connection anyway
        }
    }

    // ---------------------------------------------------------------- rendering helpers

    /** Compiles a template and renders it once with sample values: a syntax error or an unknown merge field throws. */
    public void validateTemplate(Template t) {
        renderFor(renderer, t, SAMPLE_DIVISION, null, expiresOn());
    }

    /** Renders the invitation for one recipient, as a preview (no token that works). */
    public RenderedMessage preview(Template t, InviteFilter filter) {
        return renderFor(renderer, t, invites.division(filter.division()), invites.firstRecipient(filter), expiresOn());
    }

    /** The division a template is checked against when no real one is chosen. */
    static final Division SAMPLE_DIVISION = new Division(0, "X", "Example Division", "x@example.com", "https://example.invalid/");

    /**
     * Renders a template for one recipient of a division, with a link that does not work; a
     * made-up recipient when {@code r} is null. Throws TemplateException with part, line and column.
     */
    static RenderedMessage renderFor(TemplateRenderer renderer, Template t, Division d, DetailRow r, String expiresOn) {
        String url = inviteUrl(d, "PREVIEW-TOKEN");
        if (r == null) {
            return renderer.compile(t).render(values("Pat", "Example", "pat@example.com", "A00000000", "Example, Pat", d, url, expiresOn));
        }
        String[] names = splitName(r.contactName());
        return renderer.compile(t).render(values(names[0], names[1], r.email(), r.accountNumber(), r.accountName(), d, url, expiresOn));
    }

    /** Sends the first recipient's invitation to the user's own address, marked as a test; nothing is recorded. */
    public void sendTest(Template t, InviteFilter filter, String from, String to, String login) {
        Optional<String> p = EmailAddresses.problemWithFrom(from);
        if (p.isPresent()) throw new BadInputException("Email From: " + p.get());
        Optional<String> q = EmailAddresses.problemWithFrom(to);
        if (q.isPresent()) throw new BadInputException("Test address: " + q.get().replace("sender", "test"));
        RenderedMessage content = preview(t, filter);
        try (SmtpConnection smtp = new SmtpConnection(mail)) {
            MimeMessage m = InvitationMessage.build(smtp.session(), from.strip(), to.strip(), content,
                    "<test-" + Tokens.newToken().substring(0, 12) + "@invite-desk.local>", true);
            SendOutcome out = smtp.send(m, new Address[]{new InternetAddress(to.strip(), true)});
            if (out.kind() != SendOutcome.Kind.SENT) {
                throw new UnavailableException("The test message was not sent: " + out.reply());
            }
        } catch (MessagingException e) {
            throw new BadInputException("The test message could not be built: " + describe(e));
        }
        LOG.info("Test invitation sent to {} by {}", to.strip(), login);
    }

    static String[] splitName(String full) {
        String f = full == null ? "" : full.strip();
        int sp = f.indexOf(' ');
        return sp < 0 ? new String[]{f, ""} : new String[]{f.substring(0, sp), f.substring(sp + 1)};
    }

    private String expiresOn() { return expiresOn(clock, expiryDays); }

    /** The date an invitation sent now expires, as the templates print it. */
    static String expiresOn(Clock clock, int expiryDays) {
        return OffsetDateTime.now(clock).plusDays(expiryDays).atZoneSameInstant(ZoneId.systemDefault()).format(EXPIRES);
    }

    static String inviteUrl(Division d, String token) {
        String base = d.portalBaseUrl();
        return base + (base.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
    }

    static Map<String, Object> values(String first, String last, String email, String accountNumber, String accountName,
                                      Division d, String url, String expiresOn) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("firstName", oneLine(first));
        contact.put("lastName", oneLine(last));
        contact.put("email", oneLine(email));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("number", oneLine(accountNumber));
        account.put("name", oneLine(accountName));
        Map<String, Object> division = new LinkedHashMap<>();
        division.put("name", d.name());
        division.put("code", d.code());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("contact", contact);
        v.put("account", account);
        v.put("division", division);
        v.put("inviteUrl", url);
        v.put("expiresOn", expiresOn);
        return v;
    }

    private static final java.util.regex.Pattern CONTROLS = java.util.regex.Pattern.compile("[\\r\\n\\p{Cntrl}]+");

    /** A merge value on one line: control characters (CR, LF, …) become a space. */
    static String oneLine(String s) {
        if (s == null) return "";
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) return CONTROLS.matcher(s).replaceAll(" ").strip();
        }
        return s.strip();
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }
}

package org.invitedesk.service.send;

import jakarta.mail.internet.MimeMessage;
import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InvitationStatus;
import org.invitedesk.domain.Recipient;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SendOutcome;
import org.invitedesk.mail.SmtpConnection;
import org.invitedesk.service.Tokens;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One SMTP connection of a run: claims rows, sends them, records what became of each. Per
 * message exactly one durable mark is written before the message's data may end: its slot row
 * names the message and lists the ones accepted since the last flush ({@link HandCommitter}). The
 * accepted rows become SENT once per claim (or once a second when sending slowly), in one statement.
 */
final class ConnectionWorker {
    /** What every connection of one run shares. */
    record Run(Db db, RunState state, HandCommitter committer, Composer composer, MailSettings mail, Clock clock) { }

    private record Claim(List<Recipient> rows, String[] tokens) { }

    private final Run run;
    private final RunState state;
    private final int worker;
    private final long batchId;
    private final long runnerId;
    private final AcceptedRows accepted = new AcceptedRows();
    private InvitationMapper im;

    ConnectionWorker(Run run, int worker) {
        this.run = run;
        this.state = run.state();
        this.worker = worker;
        this.batchId = state.batchId;
        this.runnerId = state.runner.id;
    }

    /** Sends until nothing is due, the run stops, or the connection cannot go on. */
    void sendAll() {
        try (SmtpConnection smtp = new SmtpConnection(run.mail()); SqlSession session = run.db().openWorker()) {
            im = session.getMapper(InvitationMapper.class);
            im.openSlot(runnerId, batchId, worker);
            while (!state.noMoreClaims()) {
                Claim claim = claim();
                if (claim.rows().isEmpty()) {
                    accepted.flush(im, runnerId, batchId, worker);
                    if (state.noMoreClaims() || !waitForDue()) break;
                    continue;
                }
                sendClaim(claim, smtp);
                // Rows of this claim not handed to SMTP (cancel, pause) go back to QUEUED at the end of the run.
                accepted.flush(im, runnerId, batchId, worker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flushWithFreshSession();
        }
    }

    private Claim claim() {
        int n = state.claimSize();
        int reserved = reserveQuota(n);
        if (reserved == 0) return new Claim(List.of(), new String[0]);
        n = reserved;
        String[] tokens = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = Tokens.newToken();
            hashes[i] = Tokens.hash(tokens[i]);
        }
        List<Recipient> rows = im.claim(runnerId, batchId, n, hashes);
        if (run.mail().dailyLimit() > 0 && rows.size() < n) refundQuota(n - rows.size());
        return new Claim(rows, tokens);
    }

    private OffsetDateTime quotaAt;

    /**
     * The relay's daily limit, shared by every runner: reserves {@code n} recipients before they
     * are claimed. @return how many may be claimed; 0 when the limit is reached (the run then waits for it)
     */
    private int reserveQuota(int n) {
        int limit = run.mail().dailyLimit();
        if (limit <= 0) return n;
        quotaAt = OffsetDateTime.now(run.clock());
        int granted = run.db().read(org.invitedesk.data.RunnerMapper.class, m -> m.reserveQuota(runnerId, run.mail().relay(), n, limit, quotaAt));
        if (granted == 0) {
            OffsetDateTime frees = run.db().read(org.invitedesk.data.RunnerMapper.class, m -> m.quotaFreesAt(run.mail().relay(), quotaAt));
            state.waitForQuota(frees != null ? frees : quotaAt.plusMinutes(1));
        }
        return granted;
    }

    private void refundQuota(int n) {
        run.db().read(org.invitedesk.data.RunnerMapper.class, m -> m.refundQuota(runnerId, run.mail().relay(), n, quotaAt));
    }

    private void sendClaim(Claim claim, SmtpConnection smtp) throws InterruptedException {
        String expires = run.composer().expiresOn();
        for (Recipient r : claim.rows()) {
            if (state.stopping()) break;
            waitForTurn();
            Composer.Prepared p = run.composer().prepare(smtp.session(), r, claim.tokens()[r.tokenIndex() - 1], expires);
            if (p.problem() != null) {
                // Still CLAIMED and never handed to SMTP: record it as failed.
                finish(r, InvitationStatus.FAILED, "Invalid address or content: " + p.problem(), null);
                state.countFailed();
                continue;
            }
            record(r, hand(p, r, smtp));
        }
    }

    /** The rate limit and the server's slow-down; before waiting, the last accepted message is recorded. */
    private void waitForTurn() throws InterruptedException {
        if (state.throttled()) {
            // About to wait: record the last accepted message now rather than with the next
            // one's mark, so a crash while waiting leaves nothing in doubt.
            accepted.recordNow(run.committer(), worker);
        }
        waitUntil(state.slowUntil());
        state.rate.acquire();
        if (accepted.dueForFlush()) accepted.flush(im, runnerId, batchId, worker);
    }

    /** The mark goes to the database while SMTP starts; the data's ending waits for it. */
    private SendOutcome hand(Composer.Prepared p, Recipient r, SmtpConnection smtp) throws InterruptedException {
        CompletableFuture<Void> handed = accepted.hand(run.committer(), worker, r.invitationId());
        MimeMessage message = p.message();
        ((InvitationMessage.Tracked) message).gate(handed);
        long t0 = System.nanoTime();
        SendOutcome out = smtp.send(message, p.to());
        state.replied((System.nanoTime() - t0) / 1_000_000);
        HandCommitter.await(handed);
        return out;
    }

    private void record(Recipient r, SendOutcome out) {
        switch (out.kind()) {
            case SENT -> {
                accepted.add(r.invitationId(), run.clock().millis());
                state.countSent();
            }
            case PERMANENT -> {
                if (out.addressRejected()) rejected(r, out);
                else finish(r, InvitationStatus.FAILED, out.reply(), null);
                state.countFailed();
                state.resetFailures();
            }
            case IN_DOUBT -> {
                finish(r, InvitationStatus.IN_DOUBT, out.reply(), null);
                state.countInDoubt();
                bumpFailures(out);
            }
            case TRANSIENT -> retryLater(r, out);
        }
    }

    /** 4xx or a connection lost before the data: back to the queue with back-off, or failed after the last attempt. */
    private void retryLater(Recipient r, SendOutcome out) {
        if (r.attempts() >= state.options.maxAttempts()) {
            finish(r, InvitationStatus.FAILED, out.reply() + " (gave up after " + r.attempts() + " attempts)", null);
            state.countFailed();
        } else {
            long delay = backoff(state.options, r.attempts());
            finish(r, InvitationStatus.QUEUED, out.reply(), delay);
            if (out.slowDown()) state.slowDownUntil(System.currentTimeMillis() + delay);
        }
        bumpFailures(out);
    }

    /** {@code retryInMs}: a retry that many ms from now, by the database's clock (the one claims compare with); null: none. */
    private void finish(Recipient r, InvitationStatus status, String error, Long retryInMs) {
        im.finish(runnerId, worker, r.invitationId(), status, error, false, retryInMs);
    }

    /** The server rejected the address itself: the row fails and the address counts as undeliverable, with why. */
    private void rejected(Recipient r, SendOutcome out) {
        String reason = "rejected by " + run.mail().host() + " on " + java.time.LocalDate.now(run.clock()) + ": " + out.reply();
        im.finish(runnerId, worker, r.invitationId(), InvitationStatus.FAILED, reason, true, null);
    }

    private void bumpFailures(SendOutcome out) {
        int n = state.bumpFailures();
        if (n >= state.options.pauseAfterConsecutiveFailures()) {
            state.pause("Paused after " + n + " failures in a row; the SMTP server at " + run.mail().where() + " said: "
                    + Failures.inWords(out.reply()) + ". Check the server, then resume.");
        }
    }

    static long backoff(SendOptions o, int attempts) {
        long base = o.retryBase().toMillis() * (1L << Math.min(10, Math.max(0, attempts - 1)));
        long capped = Math.min(base, 5 * 60_000);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** @return false when nothing queued is left */
    private boolean waitForDue() throws InterruptedException {
        Long dueInMs = run.db().read(InvitationMapper.class, m -> m.msUntilDue(batchId));
        if (dueInMs == null) return false;
        long waitMs = Math.min(1000, Math.max(20, dueInMs));
        long end = System.currentTimeMillis() + waitMs;
        while (System.currentTimeMillis() < end && !state.noMoreClaims()) Thread.sleep(20);
        return true;
    }

    private void waitUntil(long epochMs) throws InterruptedException {
        while (System.currentTimeMillis() < epochMs && !state.cancelled()) {
            Thread.sleep(Math.min(100, epochMs - System.currentTimeMillis() + 1));
        }
    }

    /**
     * The worker's session may be the broken part: flush with a fresh one. When the database is
     * gone, the slot row still holds all but the last accepted row, and the next run settles it.
     */
    private void flushWithFreshSession() {
        if (accepted.isEmpty()) return;
        try {
            run.db().read(InvitationMapper.class, m -> {
                accepted.flush(m, runnerId, batchId, worker);
                return null;
            });
        } catch (RuntimeException e) {
            state.pauseForDatabase("Database unreachable: " + Failures.inWords(Failures.reason(e)) + ". Nothing was lost: resume the batch when it is back.");
        }
    }
}

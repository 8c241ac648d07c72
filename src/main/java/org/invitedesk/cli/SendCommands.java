package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.send.BatchDecisions;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The commands that send or decide: send, resume, retry-failed, in-doubt. */
final class SendCommands {
    private SendCommands() { }

    static Map<String, Object> summaryJson(SendSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", s.batchId());
        m.put("queued", s.queued());
        m.put("skipped", s.skipped());
        m.put("sent", s.sent());
        m.put("failed", s.failed());
        m.put("inDoubt", s.inDoubt());
        return m;
    }

    /** A command that runs a batch: progress on stderr once a second, the summary as JSON on stdout. */
    abstract static class Sending extends ServiceCommand {
        @Option(names = "--rate", paramLabel = "N", description = "at most N messages a second, or N/min a minute (default: smtp.rate)") String rate;
        @Option(names = "--connections", paramLabel = "N", description = "SMTP connections (default 4)") Integer connections;
        @Inject BatchRunner runner;
        @Inject Login login;

        SendOptions options() {
            SendOptions o = runner.configuredOptions();
            if (connections != null) {
                if (connections < 1 || connections > 32) throw new BadInputException("--connections must be from 1 to 32.");
                o = o.withConnections(connections);
            }
            if (rate != null) {
                try {
                    o = o.withRate(org.invitedesk.mail.RateLimiter.parse(rate));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--rate " + e.getMessage() + ".");
                }
            }
            return o;
        }

        /**
         * Runs a batch, printing progress once a second on stderr and the summary as JSON on stdout.
         * Ctrl-C or SIGTERM cancels cleanly: the messages in flight finish, the batch is settled,
         * the summary printed, and the process exits 1 saying how to resume.
         * @return 0 when everything was sent; 1 when rows are left queued, failed or in doubt
         */
        int runBatch(long batchId) {
            AtomicBoolean cancel = new AtomicBoolean();
            AtomicInteger code = new AtomicInteger(1);
            CountDownLatch printed = new CountDownLatch(1);
            // longer than the worst settle: a 60 s mark wait, SMTP time-outs of 10-30 s, the committer's 5 s
            Runnable takeBack = started.onSignal(() -> {
                cancel.set(true);
                try {
                    if (!printed.await(180, TimeUnit.SECONDS)) System.err.println("The send did not settle within 180 s; stopping anyway.");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return code.get();
            });
            try {
                SendSummary s = runner.run(batchId, login.name(), options(), progressPrinter(), cancel);
                out().println(Json.of(summaryJson(s)));
                code.set(report(s, cancel.get()));
                return code.get();
            } finally {
                printed.countDown();
                takeBack.run();
            }
        }

        private static SendListener progressPrinter() {
            AtomicLong lastPrint = new AtomicLong();
            return p -> {
                long now = System.currentTimeMillis();
                if (now - lastPrint.get() >= 1000) {
                    lastPrint.set(now);
                    System.err.printf("batch %d: sent %d, failed %d, in doubt %d, remaining %d, %.0f msg/s%s%n", p.batchId(), p.sent(),
                            p.failed(), p.inDoubt(), p.remaining(), p.messagesPerSecond(),
                            p.secondsLeft() >= 0 ? ", " + p.secondsLeft() + " s left" : "");
                }
            };
        }

        /** One line on stderr for anything but a clean finish; the exit code. */
        private static int report(SendSummary s, boolean cancelled) {
            if (cancelled && s.remaining() > 0) {
                System.err.println("Cancelled; " + s.remaining() + " still queued — resume " + s.batchId() + " to send them.");
                return 1;
            }
            if (s.status() == org.invitedesk.domain.BatchStatus.WAITING) {
                System.err.println("Batch " + s.batchId() + ": " + s.reason() + " Any runner alive then takes it up: a sender service (serve), or resume "
                        + s.batchId() + ".");
                return 1;
            }
            if (s.reason() != null && s.remaining() > 0) {
                System.err.println("Batch " + s.batchId() + " paused: " + s.reason() + " Resume " + s.batchId() + " to send the rest.");
                return 1;
            }
            if (s.failed() > 0 || s.inDoubt() > 0) {
                System.err.println("Batch " + s.batchId() + " finished with " + s.failed() + " failed and " + s.inDoubt() + " in doubt."
                        + (s.failed() > 0 ? " retry-failed " + s.batchId() + " sends the failed ones again." : "")
                        + (s.inDoubt() > 0 ? " in-doubt " + s.batchId() + " --resend or --mark-sent decides about the rest." : ""));
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "send", description = "queues a batch and sends it; prints a JSON summary")
    static class Send extends Sending {
        @Mixin FilterOptions filter;
        @Option(names = "--template", required = true, paramLabel = "NAME") String template;
        @Option(names = "--from", required = true, paramLabel = "ADDRESS") String from;
        @Option(names = "--dry-run", description = "render every message, queue and send nothing") boolean dryRun;
        @Option(names = "--background", description = "queue only: a sender service (serve) or a later resume sends it") boolean background;
        @Option(names = "--at", paramLabel = "DATE_TIME", description = "queue it to be sent from then on, e.g. 2026-12-02T08:00 (local time)") String at;
        @Inject BatchQueue queue;
        @Inject java.time.Clock clock;
        @Inject org.invitedesk.service.send.SenderPresence presence;

        private java.time.OffsetDateTime sendAt() { return at == null ? null : parseAt(at, clock); }

        int run() {
            if (template.chars().anyMatch(Character::isISOControl)) {
                throw new BadInputException(InputField.TEMPLATE, "--template: a template name has no line breaks or control characters.");
            }
            options(); // a dry run checks every option the real send would (--rate, --connections, …)
            java.time.OffsetDateTime sendAt = sendAt();
            if (dryRun) {
                out().println(Json.of(summaryJson(queue.dryRun(filter.toFilter(), template, from, login.name()))));
                return 0;
            }
            SendSummary q = queue.queue(filter.toFilter(), template, from, login.name(), sendAt);
            if (background || sendAt != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("batchId", q.batchId());
                m.put("queued", q.queued());
                m.put("skipped", q.skipped());
                m.put("status", q.status().name());
                out().println(Json.of(m));
                if (q.queued() > 0 && !presence.serviceAlive()) {
                    System.err.println("No sender service is running: start one (serve), or run resume " + q.batchId()
                            + (sendAt != null ? " once it is due." : "."));
                }
                return 0;
            }
            if (q.queued() == 0) {
                out().println(Json.of(summaryJson(q)));
                return 0;
            }
            return runBatch(q.batchId());
        }
    }

    /** --at in the computer's time zone (or with an offset); refused when it is not a time or has passed. */
    static java.time.OffsetDateTime parseAt(String at, java.time.Clock clock) {
        java.time.OffsetDateTime t;
        try {
            t = java.time.OffsetDateTime.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            try {
                t = java.time.LocalDateTime.parse(at).atZone(clock.getZone()).toOffsetDateTime();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new BadInputException("--at needs a date and time like 2026-12-02T08:00, not '" + at + "'.");
            }
        }
        if (t.isBefore(java.time.OffsetDateTime.now(clock))) {
            throw new BadInputException("--at " + at + " has passed; give a time to come, or leave --at out to send now.");
        }
        return t;
    }

    @Command(name = "resume", description = "sends what is still queued in a batch")
    static class Resume extends Sending {
        @Parameters(paramLabel = "BATCH_ID") long batchId;

        int run() { return runBatch(batchId); }
    }

    @Command(name = "retry-failed", description = "re-queues the failed rows of a batch, then sends them")
    static class RetryFailed extends Sending {
        @Parameters(paramLabel = "BATCH_ID") long batchId;
        @Option(names = "--include-permanent", description = "also retry permanent (5xx) failures") boolean includePermanent;
        @Inject BatchDecisions decisions;

        int run() {
            int n = decisions.retryFailed(batchId, includePermanent, login.name());
            long permanent = includePermanent ? 0 : decisions.permanentFailures(batchId);
            System.err.println(n + " failed invitation(s) re-queued." + (permanent == 0 ? ""
                    : " " + permanent + " failed for good (5xx or a rejected address) and stay failed: add --include-permanent to retry them too."));
            return runBatch(batchId);
        }
    }

    @Command(name = "in-doubt", description = "decides about rows in doubt after an interrupted send")
    static class InDoubt extends ServiceCommand {
        @Parameters(paramLabel = "BATCH_ID") long batchId;
        @Option(names = "--resend", description = "send them again (the person may get two)") boolean resend;
        @Option(names = "--mark-sent", description = "consider them delivered") boolean markSent;
        @Inject BatchDecisions decisions;
        @Inject Login login;

        int run() {
            if (resend == markSent) throw new BadInputException("Say --resend or --mark-sent.");
            int n = resend ? decisions.resendInDoubt(batchId, login.name()) : decisions.markInDoubtSent(batchId, login.name());
            out().println(Json.of(Map.of("batchId", batchId, "changed", n)));
            System.err.println(n == 0 ? "Batch " + batchId + " has no rows in doubt."
                    : resend ? n + " row(s) that were in doubt are queued again: resume " + batchId + " to send them."
                    : n + " row(s) that were in doubt are marked as sent.");
            return 0;
        }
    }

    @Command(name = "pause", description = "pauses a batch; a run in another process stops after its messages in flight")
    static class Pause extends ServiceCommand {
        @Parameters(paramLabel = "BATCH_ID") long batchId;
        @Inject BatchDecisions decisions;
        @Inject Login login;

        int run() {
            System.err.println(decisions.pause(batchId, login.name()));
            return 0;
        }
    }

    @Command(name = "withdraw", description = "withdraws the invitations delivered to an address: their links stop working")
    static class Withdraw extends ServiceCommand {
        @Option(names = "--email", required = true, paramLabel = "ADDRESS") String email;
        @Inject org.invitedesk.service.PortalService portal;
        @Inject Login login;

        int run() {
            int n = portal.withdraw(email, login.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("email", email.strip());
            m.put("withdrawn", n);
            out().println(Json.of(m));
            System.err.println(n == 0 ? "Nothing withdrawn: no invitation was delivered to " + email.strip()
                    + ", or it was accepted, or one waits in a batch." : n + " invitation(s) to " + email.strip()
                    + " withdrawn: their links no longer work and the address counts as not invited.");
            return 0;
        }
    }
}

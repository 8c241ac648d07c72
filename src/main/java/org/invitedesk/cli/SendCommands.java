package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.send.BatchDecisions;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.SendOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
        @Option(names = "--rate", paramLabel = "N", description = "at most N messages per second") Double rate;
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
                if (!Double.isFinite(rate) || rate < 0) throw new BadInputException("--rate must be 0 (no limit) or a number of messages per second.");
                o = o.withRate(rate);
            }
            return o;
        }

        int runBatch(long batchId) {
            AtomicBoolean cancel = new AtomicBoolean();
            Thread hook = new Thread(() -> cancel.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            AtomicLong lastPrint = new AtomicLong();
            SendSummary s = runner.run(batchId, login.name(), options(), p -> {
                long now = System.currentTimeMillis();
                if (now - lastPrint.get() >= 1000) {
                    lastPrint.set(now);
                    System.err.printf("batch %d: sent %d, failed %d, in doubt %d, remaining %d, %.0f msg/s%s%n", p.batchId(), p.sent(),
                            p.failed(), p.inDoubt(), p.remaining(), p.messagesPerSecond(),
                            p.secondsLeft() >= 0 ? ", " + p.secondsLeft() + " s left" : "");
                }
            }, cancel);
            try { Runtime.getRuntime().removeShutdownHook(hook); } catch (IllegalStateException ignored) { }
            out().println(Json.of(summaryJson(s)));
            if (s.reason() != null) System.err.println("batch " + s.batchId() + " " + s.status().name().toLowerCase(Locale.ROOT) + ": " + s.reason());
            return s.remaining() > 0 && s.reason() != null ? 1 : 0;
        }
    }

    @Command(name = "send", description = "queues a batch and sends it; prints a JSON summary")
    static class Send extends Sending {
        @Mixin FilterOptions filter;
        @Option(names = "--template", required = true, paramLabel = "NAME") String template;
        @Option(names = "--from", required = true, paramLabel = "ADDRESS") String from;
        @Option(names = "--dry-run", description = "render every message, queue and send nothing") boolean dryRun;
        @Inject BatchQueue queue;

        int run() {
            if (template.chars().anyMatch(Character::isISOControl)) {
                throw new BadInputException(InputField.TEMPLATE, "--template: a template name has no line breaks or control characters.");
            }
            if (dryRun) {
                out().println(Json.of(summaryJson(queue.dryRun(filter.toFilter(), template, from, login.name()))));
                return 0;
            }
            options();
            SendSummary q = queue.queue(filter.toFilter(), template, from, login.name());
            if (q.queued() == 0) {
                out().println(Json.of(summaryJson(q)));
                return 0;
            }
            return runBatch(q.batchId());
        }
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
            System.err.println(n + " failed invitation(s) re-queued.");
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
            return 0;
        }
    }
}

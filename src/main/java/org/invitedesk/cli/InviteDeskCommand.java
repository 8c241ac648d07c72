package org.invitedesk.cli;

import org.invitedesk.app.AppConfig;
import org.invitedesk.app.Backend;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.SendOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The headless commands. With no command the window opens (see {@code Launcher}). */
@Command(name = "invite-desk", mixinStandardHelpOptions = true, version = "Invite Desk 0.1.0",
        description = "Send bulk customer portal invitations. With no command, opens the window.",
        subcommands = {InviteDeskCommand.Divisions.class, InviteDeskCommand.Templates.class, InviteDeskCommand.CountsCmd.class,
                InviteDeskCommand.Details.class, InviteDeskCommand.Send.class, InviteDeskCommand.Resume.class,
                InviteDeskCommand.Batches.class, InviteDeskCommand.RetryFailed.class, InviteDeskCommand.InDoubt.class,
                InviteDeskCommand.DemoData.class})
public class InviteDeskCommand {
    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL (default: the embedded demo database)") String dbUrl;
    @Option(names = "--db-user") String dbUser;
    @Option(names = "--db-password", description = "prefer INVITE_DESK_DB_PASSWORD or the config file") String dbPassword;
    @Option(names = "--smtp-host", description = "SMTP server (default: the local sink writing .eml files)") String smtpHost;
    @Option(names = "--smtp-port") Integer smtpPort;
    @Option(names = "--user", paramLabel = "LOGIN", description = "application user (default: config, else demo on the embedded database, else the OS login)") String user;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (embedded database, outbox, logs)") Path dataDir;
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (default: ~/.config/invite-desk/invite-desk.properties)") Path configFile;
    @Option(names = "--reset-demo", description = "start the embedded demo database over") boolean resetDemo;

    private AppConfig config;

    public AppConfig config() {
        if (config == null) {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("db.url", dbUrl);
            flags.put("db.user", dbUser);
            flags.put("db.password", dbPassword);
            flags.put("smtp.host", smtpHost);
            flags.put("smtp.port", smtpPort == null ? null : smtpPort.toString());
            flags.put("user", user);
            flags.put("data.dir", dataDir == null ? null : dataDir.toString());
            config = ConfigLoader.fromSystem().load(configFile, flags, resetDemo);
        }
        return config;
    }

    static PrintWriter out() { return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true); }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @ParentCommand InviteDeskCommand parent;

        boolean seedDemo() { return true; }

        @Override
        public Integer call() throws Exception {
            try (Backend b = Backend.start(parent.config(), seedDemo())) {
                return run(b);
            }
        }

        abstract int run(Backend b) throws Exception;
    }

    @Command(name = "divisions", description = "prints the divisions as JSON")
    static class Divisions extends Sub {
        int run(Backend b) {
            out().println(Json.of(b.invites().divisions().stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", d.code());
                m.put("name", d.name());
                m.put("email", d.email());
                return m;
            }).toList()));
            return 0;
        }
    }

    @Command(name = "templates", description = "prints the active portal-invite templates as JSON")
    static class Templates extends Sub {
        int run(Backend b) {
            out().println(Json.of(b.invites().activeTemplates().stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("subject", t.subject());
                return m;
            }).toList()));
            return 0;
        }
    }

    @Command(name = "counts", description = "prints the count groups as JSON")
    static class CountsCmd extends Sub {
        @Mixin FilterOptions filter;

        int run(Backend b) {
            Counts c = b.invites().counts(filter.toFilter());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contacts", c.contacts());
            m.put("notInvited", c.notInvited());
            m.put("invitedNotAccepted", c.invitedNotAccepted());
            m.put("hasPortalAccount", c.hasPortalAccount());
            m.put("noValidEmail", c.noValidEmail());
            m.put("willReceive", c.willReceive());
            out().println(Json.of(m));
            return 0;
        }
    }

    @Command(name = "details", description = "prints the rows of one count group as CSV")
    static class Details extends Sub {
        @Mixin FilterOptions filter;
        @Option(names = "--group", required = true, paramLabel = "GROUP",
                description = "NOT_INVITED, INVITED_NOT_ACCEPTED, HAS_PORTAL_ACCOUNT, NO_VALID_EMAIL or WILL_RECEIVE") String group;

        int run(Backend b) throws Exception {
            CountGroup g = InviteService.parseGroup(group);
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            b.invites().exportCsv(DetailQuery.of(filter.toFilter(), g), w, n -> { }, () -> false);
            w.flush();
            return 0;
        }
    }

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

    abstract static class Sending extends Sub {
        @Option(names = "--rate", paramLabel = "N", description = "at most N messages per second") Double rate;
        @Option(names = "--connections", paramLabel = "N", description = "SMTP connections (default 4)") Integer connections;

        SendOptions options(Backend b) {
            SendOptions o = SendOptions.defaults().withConnections(b.mail().connections()).withRate(b.mail().ratePerSecond());
            if (connections != null) {
                if (connections < 1 || connections > 32) throw new org.invitedesk.domain.BadInputException("--connections must be from 1 to 32.");
                o = o.withConnections(connections);
            }
            if (rate != null) {
                if (rate < 0) throw new org.invitedesk.domain.BadInputException("--rate must be 0 (no limit) or more messages per second.");
                o = o.withRate(rate);
            }
            return o;
        }

        int runBatch(Backend b, long batchId) {
            AtomicBoolean cancel = new AtomicBoolean();
            Thread hook = new Thread(() -> cancel.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            AtomicLong lastPrint = new AtomicLong();
            SendSummary s = b.sends().run(batchId, b.user(), options(b), p -> {
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
            if (s.reason() != null) System.err.println("batch " + s.batchId() + " " + s.status().toLowerCase() + ": " + s.reason());
            return s.remaining() > 0 && s.reason() != null ? 1 : 0;
        }
    }

    @Command(name = "send", description = "queues a batch and sends it; prints a JSON summary")
    static class Send extends Sending {
        @Mixin FilterOptions filter;
        @Option(names = "--template", required = true, paramLabel = "NAME") String template;
        @Option(names = "--from", required = true, paramLabel = "ADDRESS") String from;
        @Option(names = "--dry-run", description = "render every message, queue and send nothing") boolean dryRun;

        int run(Backend b) {
            if (dryRun) {
                SendSummary s = b.sends().dryRun(filter.toFilter(), template, from, b.user());
                out().println(Json.of(summaryJson(s)));
                return 0;
            }
            options(b);
            SendSummary q = b.sends().queue(filter.toFilter(), template, from, b.user());
            if (q.queued() == 0) {
                out().println(Json.of(summaryJson(q)));
                return 0;
            }
            return runBatch(b, q.batchId());
        }
    }

    @Command(name = "resume", description = "sends what is still queued in a batch")
    static class Resume extends Sending {
        @Parameters(paramLabel = "BATCH_ID") long batchId;

        int run(Backend b) { return runBatch(b, batchId); }
    }

    @Command(name = "retry-failed", description = "re-queues the failed rows of a batch, then sends them")
    static class RetryFailed extends Sending {
        @Parameters(paramLabel = "BATCH_ID") long batchId;
        @Option(names = "--include-permanent", description = "also retry permanent (5xx) failures") boolean includePermanent;

        int run(Backend b) {
            int n = b.sends().retryFailed(batchId, includePermanent, b.user());
            System.err.println(n + " failed invitation(s) re-queued.");
            return runBatch(b, batchId);
        }
    }

    @Command(name = "in-doubt", description = "decides about rows in doubt after an interrupted send")
    static class InDoubt extends Sub {
        @Parameters(paramLabel = "BATCH_ID") long batchId;
        @Option(names = "--resend", description = "send them again (the person may get two)") boolean resend;
        @Option(names = "--mark-sent", description = "consider them delivered") boolean markSent;

        int run(Backend b) {
            if (resend == markSent) throw new org.invitedesk.domain.BadInputException("Say --resend or --mark-sent.");
            int n = resend ? b.sends().resendInDoubt(batchId, b.user()) : b.sends().markInDoubtSent(batchId, b.user());
            out().println(Json.of(Map.of("batchId", batchId, "changed", n)));
            return 0;
        }
    }

    @Command(name = "batches", description = "prints the batches as JSON, newest first")
    static class Batches extends Sub {
        @Option(names = "--limit", defaultValue = "50") int limit;

        int run(Backend b) {
            List<Map<String, Object>> rows = b.sends().batches(limit).stream().map(Batches::json).toList();
            out().println(Json.of(rows));
            return 0;
        }

        static Map<String, Object> json(Batch x) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("status", x.status());
            m.put("reason", x.statusReason());
            m.put("who", x.createdBy());
            m.put("when", x.createdAt() == null ? null : x.createdAt().toString());
            m.put("division", x.divisionCode());
            m.put("filters", x.filters());
            m.put("template", x.templateName());
            m.put("templateVersion", x.templateVersion());
            m.put("from", x.emailFrom());
            m.put("queued", x.queued());
            m.put("skipped", x.skipped());
            m.put("sent", x.sent());
            m.put("failed", x.failed());
            m.put("inDoubt", x.inDoubt());
            m.put("remaining", x.remaining());
            return m;
        }
    }

    @Command(name = "demo-data", description = "loads the deterministic demo data into an empty database")
    static class DemoData extends Sub {
        @Option(names = "--accounts", defaultValue = "2000") int accounts;
        @Option(names = "--seed", defaultValue = "42") long seed;

        @Override boolean seedDemo() { return false; }

        int run(Backend b) {
            long t0 = System.nanoTime();
            b.demoData().load(accounts, seed);
            System.err.printf("Loaded %d accounts in %.1f s%n", accounts, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new InviteDeskCommand());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            System.err.println(ex.getMessage() + ". Run with --help for the options.");
            return 2;
        });
        return cl;
    }
}

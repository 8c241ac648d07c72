package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.RuntimeInfo;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.SenderService;
import org.invitedesk.service.send.SendOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code serve}: the sender service. Runs until SIGTERM (or Ctrl-C), sending every batch that is
 * due; any number of them, on any machines, may share one database. SIGTERM lets the messages in
 * flight finish, settles, and exits 0. A database that cannot be reached, at the start or later,
 * is retried with back-off, one line per attempt, until SIGTERM.
 */
@Command(name = "serve", description = "the sender service: sends every batch that is due until stopped (SIGTERM); "
        + "any number may run against one database")
final class ServeCommand extends ServiceCommand {
    @Option(names = "--connections", paramLabel = "N", description = "SMTP connections (default: smtp.connections, 4)") Integer connections;
    @Inject SenderService service;
    @Inject BatchRunner runner;
    @Inject Login login;
    @Inject RuntimeInfo info;

    private final AtomicBoolean stop = new AtomicBoolean();

    /** Starting (the database) is retried until it works or SIGTERM comes. */
    @Override
    public Integer call() throws Exception {
        Thread hook = new Thread(() -> {
            stop.set(true);
            if (started == null) Runtime.getRuntime().halt(0); // nothing started: nothing to finish
        }, "serve-stop-before-start");
        Runtime.getRuntime().addShutdownHook(hook);
        long backoff = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return super.call();
            } catch (RuntimeException e) {
                if (!Failures.isDatabase(e) && !(e instanceof org.invitedesk.domain.UnavailableException) || stop.get()) throw e;
                log("Database unreachable (attempt " + attempt + "): " + Failures.inWords(Failures.reason(e)) + ". Retrying in " + backoff / 1000 + " s.");
                Thread.sleep(backoff);
                backoff = Math.min(60_000, backoff * 2);
            }
        }
    }

    @Override
    int run() {
        SendOptions o = runner.configuredOptions();
        if (connections != null) {
            if (connections < 1 || connections > 32) throw new BadInputException("--connections must be from 1 to 32.");
            o = o.withConnections(connections);
        }
        if (info.database().startsWith("embedded")) {
            log("This sender service holds the embedded database in " + info.dataDir()
                    + ": the window cannot open on that data folder while it runs (give both a shared PostgreSQL in db.url to use them together).");
        }
        CountDownLatch done = new CountDownLatch(1);
        Runnable takeBack = started.onSignal(() -> {
            log("Stopping: the messages in flight finish, then the work is settled.");
            stop.set(true);
            try {
                if (!done.await(180, TimeUnit.SECONDS)) log("The sender service did not settle within 180 s; stopping anyway.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
        try {
            service.serve(login.name(), o, stop, ServeCommand::log);
            return 0;
        } finally {
            done.countDown();
            takeBack.run();
        }
    }

    private static void log(String line) {
        System.err.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
    }
}

package org.invitedesk.app;

import org.invitedesk.cli.Errors;
import org.invitedesk.cli.InviteDeskCommand;
import org.invitedesk.ui.InviteDeskApplication;
import picocli.CommandLine;

/**
 * Entry point: decides between a headless command and the window. With a command, runs it and
 * exits with its code (0 ok, 2 bad input, 1 failure). With no command, opens the window (not a
 * JavaFX Application subclass, so the plain jar starts on the classpath).
 */
public final class Launcher {
    private Launcher() { }

    public static void main(String[] args) {
        org.invitedesk.ui.common.ProcessClock.millisSinceStart(); // reads the clock while nothing else runs
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code (the window's launch returns when it closes). */
    static int run(String[] args) {
        AppStarter starter = new AppStarter(ConfigLoader.fromSystem());
        CommandLine cl = InviteDeskCommand.commandLine(starter);
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(InviteDeskCommand.inWords(e, args));
            return 2;
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                || parsed.subcommand() != null && (parsed.subcommand().isUsageHelpRequested() || parsed.subcommand().isVersionHelpRequested())) {
            return cl.execute(args);
        }
        AppConfig config;
        try {
            config = starter.config(cl.<InviteDeskCommand>getCommand().globals());
        } catch (RuntimeException e) {
            return Errors.report(e);
        }
        // Before anything logs: the log file lives in the configured data folder (flag, environment or file).
        LogFiles.useFolder(config.logFile().getParent());
        if (parsed.hasSubcommand()) return cl.execute(args);
        if (!displayAvailable()) {
            System.err.println("No display: the Invite Desk window needs a graphical desktop. Without one, use the commands "
                    + "(divisions, counts, details, send, batches, serve for a sender service, and more: java -jar invite-desk.jar --help).");
            return 1;
        }
        WindowLaunch window = new WindowLaunch(config);
        try {
            InviteDeskApplication.open(window);
        } finally {
            window.stop(); // JavaFX could not start (the window's own stop exits the process before this)
        }
        return 0;
    }

    static boolean displayAvailable() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) return true;
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win") || os.contains("mac")) return true;
        String d = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (d != null && !d.isBlank()) || (w != null && !w.isBlank());
    }
}

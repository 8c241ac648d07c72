package org.invitedesk.app;

import org.invitedesk.cli.Errors;
import org.invitedesk.cli.InviteDeskCommand;
import picocli.CommandLine;

import java.nio.file.Path;

/**
 * Entry point. With a command, runs it headless and exits with its code (0 ok, 2 bad input,
 * 1 failure). With no command, opens the window (not a JavaFX Application subclass, so the
 * plain jar starts on the classpath).
 */
public final class Launcher {
    public static final long JVM_START = System.nanoTime();

    private Launcher() { }

    public static void main(String[] args) {
        prepareLogging(args);
        CommandLine cl = InviteDeskCommand.commandLine();
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage() + ". Run with --help for the commands and options.");
            System.exit(2);
            return;
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested() || parsed.hasSubcommand()) {
            System.exit(cl.execute(args));
            return;
        }
        InviteDeskCommand root = cl.getCommand();
        AppConfig config;
        try {
            config = root.config();
        } catch (RuntimeException e) {
            System.exit(Errors.report(e));
            return;
        }
        if (!displayAvailable()) {
            System.err.println("No display: the Invite Desk window needs a graphical desktop. Without one, use the commands "
                    + "divisions, templates, counts, details, send, resume, batches, demo-data (java -jar invite-desk.jar --help).");
            System.exit(1);
            return;
        }
        org.invitedesk.ui.InviteDeskApplication.open(config);
    }

    static boolean displayAvailable() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) return true;
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win") || os.contains("mac")) return true;
        String d = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (d != null && !d.isBlank()) || (w != null && !w.isBlank());
    }

    /** Logs go to a file in the data folder; the console gets warnings only, so JSON output stays clean. */
    private static void prepareLogging(String[] args) {
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) dir = args[i + 1];
            else if (args[i].startsWith("--data-dir=")) dir = args[i].substring("--data-dir=".length());
        }
        if (dir == null) dir = System.getenv("INVITE_DESK_DATA_DIR");
        if (dir == null) {
            String xdg = System.getenv("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
            dir = base.resolve("invite-desk").toString();
        }
        if (System.getProperty("invitedesk.log.dir") == null) {
            System.setProperty("invitedesk.log.dir", Path.of(dir).toAbsolutePath().resolve("logs").toString());
        }
    }
}

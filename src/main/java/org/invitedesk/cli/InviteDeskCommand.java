package org.invitedesk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headless commands and the global options. With no command the window opens (the launcher decides). */
// scope INHERIT: every command has --help (and --version); the global options below may come before or after the command
@Command(name = "invite-desk", mixinStandardHelpOptions = true, version = "Invite Desk 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Send bulk customer portal invitations. With no command, opens the window.",
        subcommands = {LookCommands.Divisions.class, LookCommands.Templates.class, LookCommands.CountsCmd.class,
                LookCommands.Details.class, SendCommands.Send.class, SendCommands.Resume.class,
                LookCommands.Batches.class, SendCommands.RetryFailed.class, SendCommands.InDoubt.class,
                DemoDataCommand.class, CheckCountsCommand.class, SendCommands.Pause.class, ServeCommand.class,
                SendCommands.Withdraw.class, GrantCommand.class, CommandLine.HelpCommand.class})
public class InviteDeskCommand {
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL (default: the embedded demo database)") String dbUrl;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--db-user") String dbUser;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--db-password", description = "prefer INVITE_DESK_DB_PASSWORD or the config file") String dbPassword;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--smtp-host", description = "SMTP server (default: the local sink writing .eml files)") String smtpHost;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--smtp-port") Integer smtpPort;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--user", paramLabel = "LOGIN", description = "application user (default: config, else demo on the embedded database, else the OS login)") String user;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--data-dir", paramLabel = "DIR", description = "data folder (embedded database, outbox, logs)") Path dataDir;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--config", paramLabel = "FILE", description = "properties file (default: ~/.config/invite-desk/invite-desk.properties)") Path configFile;
    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--reset-demo", description = "start the embedded demo database over") boolean resetDemo;

    private final Starter starter;

    public InviteDeskCommand(Starter starter) { this.starter = starter; }

    Starter starter() { return starter; }

    /** The global options as given (keys as in the properties file). */
    public GlobalOptions globals() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", dbUrl);
        flags.put("db.user", dbUser);
        flags.put("db.password", dbPassword);
        flags.put("smtp.host", smtpHost);
        flags.put("smtp.port", smtpPort == null ? null : smtpPort.toString());
        flags.put("user", user);
        flags.put("data.dir", dataDir == null ? null : dataDir.toString());
        return new GlobalOptions(configFile, flags, resetDemo);
    }

    /** A command line the parser refused, in one line that says what is wrong and where the right options are listed. */
    public static String inWords(CommandLine.ParameterException ex, String[] args) {
        CommandLine at = ex.getCommandLine();
        if (ex instanceof CommandLine.MissingParameterException) {
            // picocli names the missing option before an unknown one: a misspelt option is the likelier story
            for (String a : args) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (name.startsWith("--") && at.getCommandSpec().findOption(name) == null) {
                    return "Unknown option '" + name + "' for `" + at.getCommandName() + "`. Run `" + at.getCommandName() + " --help` for its options.";
                }
            }
        }
        boolean sub = at.getParent() != null;
        String help = sub ? "Run `" + at.getCommandName() + " --help` for its options." : "Run with --help for the commands and options.";
        String what = ex.getMessage().replaceAll("is not an? (long|int|integer)", "is not a whole number")
                .replaceAll("positional parameter at index \\d+ \\(([^)]+)\\)", "$1");
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            java.util.List<String> unknown = u.getUnmatched();
            java.util.List<String> close = u.getSuggestions();
            what = (sub ? "`" + at.getCommandName() + "` does not know " : "Unknown command or option ")
                    + unknown.stream().map(a -> "'" + a + "'").collect(java.util.stream.Collectors.joining(", "))
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)");
        }
        return what.endsWith(".") ? what + " " + help : what + ". " + help;
    }

    public static CommandLine commandLine(Starter starter) {
        CommandLine cl = new CommandLine(new InviteDeskCommand(starter));
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            System.err.println(inWords(ex, args));
            return 2;
        });
        return cl;
    }
}

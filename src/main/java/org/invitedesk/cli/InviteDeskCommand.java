package org.invitedesk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headless commands and the global options. With no command the window opens (the launcher decides). */
@Command(name = "invite-desk", mixinStandardHelpOptions = true, version = "Invite Desk 0.1.0",
        description = "Send bulk customer portal invitations. With no command, opens the window.",
        subcommands = {LookCommands.Divisions.class, LookCommands.Templates.class, LookCommands.CountsCmd.class,
                LookCommands.Details.class, SendCommands.Send.class, SendCommands.Resume.class,
                LookCommands.Batches.class, SendCommands.RetryFailed.class, SendCommands.InDoubt.class,
                DemoDataCommand.class, CheckCountsCommand.class, SendCommands.Pause.class, ServeCommand.class,
                SendCommands.Withdraw.class, GrantCommand.class})
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

    public static CommandLine commandLine(Starter starter) {
        CommandLine cl = new CommandLine(new InviteDeskCommand(starter));
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            System.err.println(ex.getMessage() + ". Run with --help for the options.");
            return 2;
        });
        return cl;
    }
}

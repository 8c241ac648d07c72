package org.invitedesk.app;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the application is configured with. Built by {@link ConfigLoader} from the
 * properties file, then environment variables, then command-line flags (later wins).
 * {@link #toString()} never shows a password.
 */
public record AppConfig(
        Path dataDir,
        Path configFile,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String smtpHost,
        int smtpPort,
        SmtpSecurity smtpSecurity,
        String smtpUser,
        String smtpPassword,
        int smtpConnections,
        double smtpRate,
        String user,
        int expiryDays,
        boolean resetDemo,
        int demoAccounts,
        int smtpDailyLimit,
        int portalPort) {

    public enum SmtpSecurity { NONE, STARTTLS, SMTPS }

    public boolean embeddedDatabase() { return dbUrl == null || dbUrl.isBlank(); }

    public boolean localSmtpSink() { return smtpHost == null || smtpHost.isBlank(); }

    public AppConfig withSmtp(String host, int port) {
        return new AppConfig(dataDir, configFile, dbUrl, dbUser, dbPassword, host, port, smtpSecurity, smtpUser,
                smtpPassword, smtpConnections, smtpRate, user, expiryDays, resetDemo, demoAccounts, smtpDailyLimit, portalPort);
    }

    public AppConfig withDatabase(String url, String dbUser, String dbPassword) {
        return new AppConfig(dataDir, configFile, url, dbUser, dbPassword, smtpHost, smtpPort, smtpSecurity, smtpUser,
                smtpPassword, smtpConnections, smtpRate, user, expiryDays, resetDemo, demoAccounts, smtpDailyLimit, portalPort);
    }

    public AppConfig withUser(String login) {
        return new AppConfig(dataDir, configFile, dbUrl, dbUser, dbPassword, smtpHost, smtpPort, smtpSecurity, smtpUser,
                smtpPassword, smtpConnections, smtpRate, login, expiryDays, resetDemo, demoAccounts, smtpDailyLimit, portalPort);
    }

    public Path outboxDir() { return dataDir.resolve("outbox"); }

    public Path logFile() { return dataDir.resolve("logs").resolve("invite-desk.log"); }

    @Override
    public String toString() {
        return "AppConfig[dataDir=" + dataDir + ", dbUrl=" + Objects.toString(dbUrl, "(embedded)")
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? "(none)" : "****")
                + ", smtp=" + Objects.toString(smtpHost, "(local sink)") + ":" + smtpPort + " " + smtpSecurity
                + ", smtpUser=" + smtpUser + ", smtpPassword=" + (smtpPassword == null ? "(none)" : "****")
                + ", connections=" + smtpConnections + ", rate=" + smtpRate + ", dailyLimit=" + smtpDailyLimit + ", user=" + user + "]";
    }
}

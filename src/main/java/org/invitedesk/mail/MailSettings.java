package org.invitedesk.mail;

/**
 * How to reach the SMTP server, and the relay's quotas: {@code ratePerSecond} (0: none) and
 * {@code dailyLimit}, recipients per rolling 24 hours (0: none). {@link #toString()} never shows the password.
 */
public record MailSettings(String host, int port, Security security, String user, String password,
                           int connections, double ratePerSecond, int connectTimeoutMs, int readTimeoutMs, int dailyLimit) {
    public enum Security { NONE, STARTTLS, SMTPS }

    public MailSettings(String host, int port, Security security, String user, String password,
                        int connections, double ratePerSecond, int connectTimeoutMs, int readTimeoutMs) {
        this(host, port, security, user, password, connections, ratePerSecond, connectTimeoutMs, readTimeoutMs, 0);
    }

    public static MailSettings plain(String host, int port) {
        return new MailSettings(host, port, Security.NONE, null, null, 4, 0, 10_000, 30_000, 0);
    }

    public MailSettings withConnections(int n) {
        return new MailSettings(host, port, security, user, password, n, ratePerSecond, connectTimeoutMs, readTimeoutMs, dailyLimit);
    }

    public MailSettings withRate(double r) {
        return new MailSettings(host, port, security, user, password, connections, r, connectTimeoutMs, readTimeoutMs, dailyLimit);
    }

    public MailSettings withDailyLimit(int n) {
        return new MailSettings(host, port, security, user, password, connections, ratePerSecond, connectTimeoutMs, readTimeoutMs, n);
    }

    public String where() { return host + ":" + port; }

    /** The relay's name in the shared quota ledger: host and port. */
    public String relay() { return where().toLowerCase(java.util.Locale.ROOT); }

    @Override
    public String toString() {
        return "MailSettings[" + where() + " " + security + ", user=" + user + ", password=" + (password == null ? "(none)" : "****")
                + ", connections=" + connections + ", rate=" + ratePerSecond + ", dailyLimit=" + dailyLimit + "]";
    }
}

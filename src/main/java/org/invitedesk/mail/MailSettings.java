package org.invitedesk.mail;

/** How to reach the SMTP server. {@link #toString()} never shows the password. */
public record MailSettings(String host, int port, Security security, String user, String password,
                           int connections, double ratePerSecond, int connectTimeoutMs, int readTimeoutMs) {
    public enum Security { NONE, STARTTLS, SMTPS }

    public static MailSettings plain(String host, int port) {
        return new MailSettings(host, port, Security.NONE, null, null, 4, 0, 10_000, 30_000);
    }

    public MailSettings withConnections(int n) {
        return new MailSettings(host, port, security, user, password, n, ratePerSecond, connectTimeoutMs, readTimeoutMs);
    }

    public MailSettings withRate(double r) {
        return new MailSettings(host, port, security, user, password, connections, r, connectTimeoutMs, readTimeoutMs);
    }

    public String where() { return host + ":" + port; }

    @Override
    public String toString() {
        return "MailSettings[" + where() + " " + security + ", user=" + user + ", password=" + (password == null ? "(none)" : "****")
                + ", connections=" + connections + ", rate=" + ratePerSecond + "]";
    }
}

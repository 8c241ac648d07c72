package org.invitedesk.mail;

/** What became of one message handed to SMTP. */
public record SendOutcome(Kind kind, String reply) {
    public enum Kind {
        /** the server said 250 after the data */
        SENT,
        /** 4xx, or the connection failed before the data: certainly not delivered, retry later */
        TRANSIENT,
        /** 5xx or a bad address: not delivered, do not retry */
        PERMANENT,
        /** the connection was lost after the data was started: delivery unknown */
        IN_DOUBT
    }

    public static SendOutcome sent() { return new SendOutcome(Kind.SENT, null); }

    private static final java.util.regex.Pattern ENHANCED = java.util.regex.Pattern.compile("^(\\d{3})[ -]([245])\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * A permanent failure that rejects the address itself (no such mailbox, bad address): an
     * enhanced status 5.1.x, or 550, 551 or 553 without an enhanced status. A 5xx for another
     * reason (policy 5.7.x, a system error) fails this message, not the address.
     */
    public boolean addressRejected() {
        if (kind != Kind.PERMANENT || reply == null) return false;
        if (reply.startsWith("Invalid address")) return true;
        java.util.regex.Matcher m = ENHANCED.matcher(reply);
        if (m.find()) return m.group(2).equals("5") && m.group(3).equals("1");
        return reply.startsWith("550") || reply.startsWith("551") || reply.startsWith("553");
    }

    /** 421 and 454 ask the client to slow down for the whole server, not just this message. */
    public boolean slowDown() { return reply != null && (reply.startsWith("421") || reply.startsWith("454")); }
}

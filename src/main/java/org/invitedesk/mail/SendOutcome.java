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

    /** 421 and 454 ask the client to slow down for the whole server, not just this message. */
    public boolean slowDown() { return reply != null && (reply.startsWith("421") || reply.startsWith("454")); }
}

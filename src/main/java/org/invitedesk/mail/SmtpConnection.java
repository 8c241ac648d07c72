package org.invitedesk.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.Closeable;
import java.util.Properties;

/**
 * One reused SMTP connection (never {@code Transport.send} per message). Classifies every
 * failure: a reply code decides transient or permanent; a connection lost after DATA was
 * accepted (last reply 354) leaves the message in doubt.
 */
public final class SmtpConnection implements Closeable {
    static { InvitationMessage.pinStreamProvider(); }

    private final MailSettings settings;
    private final Session session;
    private SMTPTransport transport;

    public SmtpConnection(MailSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    public Session session() { return session; }

    static Properties properties(MailSettings s) {
        String proto = s.security() == MailSettings.Security.SMTPS ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.host());
        p.put("mail." + proto + ".port", String.valueOf(s.port()));
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(s.connectTimeoutMs()));
        p.put("mail." + proto + ".timeout", String.valueOf(s.readTimeoutMs()));
        p.put("mail." + proto + ".writetimeout", String.valueOf(s.readTimeoutMs()));
        p.put("mail." + proto + ".auth", String.valueOf(s.user() != null && !s.user().isBlank()));
        p.put("mail." + proto + ".localhost", "invite-desk.local");
        if (s.security() == MailSettings.Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        if (s.security() == MailSettings.Security.SMTPS) p.put("mail.smtps.ssl.checkserveridentity", "true");
        return p;
    }

    /**
     * A connection used within this long is taken to be open without asking the server: Angus
     * Mail's {@code isConnected()} sends a NOOP and waits for its reply, a fifth round trip for
     * every message. After a longer pause (rate limit, retry wait) the NOOP is worth it, since
     * servers close idle connections.
     */
    static final long TRUST_OPEN_NANOS = 5_000_000_000L;

    private long lastUsed;

    /** Connects if needed; a failure here means nothing was sent. */
    public void ensureConnected() throws MessagingException {
        if (transport != null && System.nanoTime() - lastUsed < TRUST_OPEN_NANOS) return;
        if (transport != null && transport.isConnected()) return;
        close();
        SMTPTransport t = (SMTPTransport) session.getTransport();
        if (settings.user() != null && !settings.user().isBlank()) {
            t.connect(settings.host(), settings.port(), settings.user(), settings.password());
        } else {
            t.connect();
        }
        transport = t;
    }

    public SendOutcome send(MimeMessage message, Address[] to) {
        boolean reused = transport != null;
        SendOutcome out = sendOnce(message, to);
        if (reused && lostUndelivered) {
            // The reused connection had been closed by the server: nothing was delivered, so the
            // same message goes once more on a fresh connection.
            out = sendOnce(message, to);
        }
        return out;
    }

    /** The last attempt failed because the connection was lost, and the message was certainly not delivered. */
    private boolean lostUndelivered;

    private SendOutcome lostUndelivered(String reply) {
        lostUndelivered = true;
        return new SendOutcome(SendOutcome.Kind.TRANSIENT, reply);
    }

    private SendOutcome sendOnce(MimeMessage message, Address[] to) {
        lostUndelivered = false;
        try {
            ensureConnected();
        } catch (MessagingException e) {
            close();
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, "Cannot connect to " + settings.where() + ": " + reason(e));
        }
        try {
            transport.sendMessage(message, to);
            lastUsed = System.nanoTime();
            return SendOutcome.sent();
        } catch (SendFailedException e) {
            lastUsed = System.nanoTime();
            return classify(e, message);
        } catch (MessagingException e) {
            int last = transport.getLastReturnCode();
            close();
            if (message instanceof InvitationMessage.Tracked t && t.gateFailed()) {
                return new SendOutcome(SendOutcome.Kind.TRANSIENT, "Not sent: " + reason(e));
            }
            if (mayHaveBeenDelivered(message, last)) {
                return new SendOutcome(SendOutcome.Kind.IN_DOUBT, "Connection lost while the message was being delivered: " + reason(e));
            }
            if (message instanceof InvitationMessage.Tracked t && t.dataStarted()) {
                return lostUndelivered("Connection to " + settings.where()
                        + " lost before the message was complete, so it was not delivered: " + reason(e));
            }
            return lostUndelivered("Connection to " + settings.where() + " lost: " + reason(e));
        } catch (RuntimeException e) {
            close();
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, "Unexpected SMTP failure: " + e.getClass().getSimpleName());
        }
    }

    private SendOutcome classify(SendFailedException e, MimeMessage message) {
        Exception cur = e;
        while (cur != null) {
            if (cur instanceof SMTPAddressFailedException a) return byCode(a.getReturnCode(), a.getMessage());
            if (cur instanceof SMTPSendFailedException s && s.getReturnCode() > 0) return byCode(s.getReturnCode(), s.getMessage());
            cur = cur instanceof MessagingException m ? m.getNextException() : null;
        }
        int last = transport == null ? -1 : transport.getLastReturnCode();
        if (last >= 400) return byCode(last, transport.getLastServerResponse());
        boolean started = mayHaveBeenDelivered(message, last);
        close();
        if (started) {
            return new SendOutcome(SendOutcome.Kind.IN_DOUBT, "Connection lost while the message was being delivered: " + reason(e));
        }
        if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
            return new SendOutcome(SendOutcome.Kind.PERMANENT, "Invalid address: " + reason(e));
        }
        return lostUndelivered("Connection to " + settings.where() + " lost: " + reason(e));
    }

    /**
     * Only once the data was ended can the server have delivered the message. An untracked
     * message is in doubt as soon as the server accepted DATA (354).
     */
    private static boolean mayHaveBeenDelivered(MimeMessage message, int lastReturnCode) {
        if (message instanceof InvitationMessage.Tracked t) return t.dataEnded();
        return lastReturnCode == 354;
    }

    private static SendOutcome byCode(int code, String text) {
        String reply = clean(text);
        if (!reply.startsWith(String.valueOf(code))) reply = code + " " + reply;
        return new SendOutcome(code >= 500 ? SendOutcome.Kind.PERMANENT : SendOutcome.Kind.TRANSIENT, reply);
    }

    static String reason(Exception e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        if (e instanceof MessagingException m && m.getNextException() != null && m.getNextException().getMessage() != null) {
            msg = m.getNextException().getMessage();
        }
        return clean(msg == null ? e.getClass().getSimpleName() : msg);
    }

    static String clean(String s) {
        if (s == null) return "";
        String one = s.replaceAll("[\\r\\n]+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) : one;
    }

    @Override
    public void close() {
        if (transport != null) {
            try { transport.close(); } catch (MessagingException | RuntimeException ignored) { }
            transport = null;
        }
    }
}

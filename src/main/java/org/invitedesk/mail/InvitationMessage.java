package org.invitedesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.invitedesk.template.RenderedMessage;

import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds the multipart text + HTML message with a stable Message-ID per invitation. */
public final class InvitationMessage {
    static { pinStreamProvider(); }

    /**
     * Jakarta Mail 2.1 looks its StreamProvider up through {@code ServiceLoader} for every body
     * part it builds or writes, a classpath scan that took a third of the send path's CPU in the
     * send benchmark. Naming the provider makes the lookup a cached {@code Class.forName}.
     */
    public static void pinStreamProvider() {
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private InvitationMessage() { }

    /**
     * Knows whether SMTP started writing it: the transport writes the content only after the
     * server answered DATA with 354, so a failure after that point leaves delivery unknown.
     */
    public static final class Tracked extends MimeMessage {
        /** how long the end of the data waits for its gate before the message is abandoned */
        static final long GATE_WAIT_SECONDS = 30;

        private final String messageId;
        private volatile boolean dataStarted;
        private volatile Future<?> gate;
        private volatile boolean gateFailed;
        private volatile boolean dataEnded;

        Tracked(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        public boolean dataStarted() { return dataStarted; }

        /**
         * The whole message was written and the transport went on to end the data (the "."
         * line). Before that point a failure cannot have delivered it: a server delivers only
         * data that was ended.
         */
        public boolean dataEnded() { return dataEnded; }

        /**
         * The message's data is written but its ending (the "." line after which the server
         * delivers) waits until {@code gate} completes; if the gate fails, the transport aborts
         * the message and closes the connection, and the server delivers nothing. The send
         * engine uses it to make the message's durable mark overlap the SMTP envelope.
         */
        public void gate(Future<?> gate) { this.gate = gate; }

        /** The gate failed: the message was abandoned before its ending, so it was not delivered. */
        public boolean gateFailed() { return gateFailed; }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        @Override
        public void writeTo(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException, MessagingException {
            dataStarted = true;
            super.writeTo(os, ignoreList);
            Future<?> g = gate;
            if (g == null) {
                dataEnded = true;
                return;
            }
            try {
                g.get(GATE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                gateFailed = true;
                throw new java.io.IOException("interrupted before the message was marked as being sent");
            } catch (ExecutionException | TimeoutException e) {
                gateFailed = true;
                throw new java.io.IOException("the message could not be marked as being sent, so it was not completed");
            }
            dataEnded = true;
        }
    }

    public static MimeMessage build(Session session, String from, String to, RenderedMessage content,
                                    String messageId, boolean test) throws MessagingException {
        MimeMessage m = new Tracked(session, messageId);
        m.setFrom(new InternetAddress(from, true));
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        m.setSubject((test ? "[TEST] " : "") + content.subject(), "UTF-8");
        m.setSentDate(new Date());
        m.setHeader("Auto-Submitted", "auto-generated");
        if (test) m.setHeader("X-Invite-Desk-Test", "yes");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html(), "UTF-8", "html");
        MimeMultipart alt = new MimeMultipart("alternative");
        alt.addBodyPart(text);
        alt.addBodyPart(html);
        m.setContent(alt);
        m.saveChanges();
        return m;
    }
}

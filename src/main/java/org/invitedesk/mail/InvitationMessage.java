package org.invitedesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.invitedesk.template.RenderedMessage;

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

        /** The body in its wire form (a whole multipart with its boundaries); its Content-Type header is set apart. */
        void body(byte[] wire) throws MessagingException {
            content = wire;
            setHeader("MIME-Version", "1.0");
            updateMessageID();
            saved = true; // the headers are final; saveChanges would parse the body back to update them
        }

        /** Content set the usual way after {@link #body}: the message is built and written by Jakarta Mail again. */
        @Override
        public void setDataHandler(jakarta.activation.DataHandler dh) throws MessagingException {
            content = null;
            saved = false;
            super.setDataHandler(dh);
        }

        @Override
        public void saveChanges() throws MessagingException {
            if (content != null && saved) return;
            super.saveChanges();
        }

        /** The headers, then the body's bytes as they are. */
        private void writeWire(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException, MessagingException {
            java.util.Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
            StringBuilder head = new StringBuilder(512);
            while (lines.hasMoreElements()) head.append(lines.nextElement()).append("\r\n");
            head.append("\r\n");
            os.write(head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            os.write(content);
            os.flush();
        }

        @Override
        public void writeTo(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException, MessagingException {
            dataStarted = true;
            if (content != null && saved) writeWire(os, ignoreList);
            else super.writeTo(os, ignoreList);
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
        return build(session, new InternetAddress(from, true), new InternetAddress(to, true), content, messageId, test);
    }

    /**
     * The message with its body already in its wire form: the two parts are encoded here once
     * ({@link MimeBody}) and written as bytes, instead of through Jakarta Activation's data
     * handlers, which parse content types and look up a handler class for every part of every
     * message (most of the send path's CPU in the JVM; performance.md, "Sending").
     */
    public static MimeMessage build(Session session, InternetAddress from, InternetAddress to, RenderedMessage content,
                                    String messageId, boolean test) throws MessagingException {
        Tracked m = new Tracked(session, messageId);
        m.setFrom(from);
        m.setRecipient(MimeMessage.RecipientType.TO, to);
        m.setSubject((test ? "[TEST] " : "") + content.subject(), "UTF-8");
        m.setHeader("Date", MimeBody.date(java.time.ZonedDateTime.now()));
        m.setHeader("Auto-Submitted", "auto-generated");
        if (test) m.setHeader("X-Invite-Desk-Test", "yes");
        MimeBody body = MimeBody.alternative(content.text(), content.html());
        m.setHeader("Content-Type", body.contentType());
        m.body(body.bytes());
        return m;
    }
}

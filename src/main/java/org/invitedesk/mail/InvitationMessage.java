package org.invitedesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.invitedesk.template.RenderedMessage;

import java.util.Date;

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
        private final String messageId;
        private volatile boolean dataStarted;

        Tracked(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        public boolean dataStarted() { return dataStarted; }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        @Override
        public void writeTo(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException, MessagingException {
            dataStarted = true;
            super.writeTo(os, ignoreList);
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

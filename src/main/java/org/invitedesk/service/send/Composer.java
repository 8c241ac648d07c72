package org.invitedesk.service.send;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.Recipient;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.service.InvitationLinks;
import org.invitedesk.template.CompiledTemplate;
import org.invitedesk.template.MergeFields;
import org.invitedesk.template.RenderedMessage;

/** Builds one recipient's invitation for a batch: the batch's template version, From and division. */
final class Composer {
    /** One recipient's message, built and ready to hand to SMTP, or why it cannot be. */
    record Prepared(MimeMessage message, Address[] to, String problem) { }

    private final CompiledTemplate template;
    private final String from;
    private volatile InternetAddress fromAddress; // parsed once, at the first message (a bad From fails that message, as before)
    private final String fromDomain;
    private final Division division;
    private final InvitationLinks links;

    Composer(CompiledTemplate template, String from, Division division, InvitationLinks links) {
        this.template = template;
        this.from = from;
        this.fromDomain = from.substring(from.indexOf('@') + 1);
        this.division = division;
        this.links = links;
    }

    /** The date printed in messages rendered now. */
    String expiresOn() { return links.expiresOn(); }

    private InternetAddress fromAddress() throws MessagingException {
        InternetAddress a = fromAddress;
        if (a == null) fromAddress = a = new InternetAddress(from, true);
        return a;
    }

    Prepared prepare(Session session, Recipient r, String token, String expiresOn) {
        try {
            RenderedMessage content = template.render(MergeFields.values(new MergeFields.Input(r.firstName(), r.lastName(),
                    r.email(), r.accountNumber(), r.accountName(), division, InvitationLinks.inviteUrl(division, token), expiresOn)));
            InternetAddress to = new InternetAddress(r.email(), true);
            MimeMessage msg = InvitationMessage.build(session, fromAddress(), to, content,
                    "<invitation-" + r.invitationId() + "@" + fromDomain + ">", false);
            return new Prepared(msg, new Address[]{to}, null);
        } catch (MessagingException | RuntimeException e) {
            return new Prepared(null, null, Failures.oneLine(e));
        }
    }
}

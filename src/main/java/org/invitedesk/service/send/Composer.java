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

    Prepared prepare(Session session, Recipient r, String token, String expiresOn) {
        try {
            RenderedMessage content = template.render(MergeFields.values(new MergeFields.Input(r.firstName(), r.lastName(),
                    r.email(), r.accountNumber(), r.accountName(), division, InvitationLinks.inviteUrl(division, token), expiresOn)));
            MimeMessage msg = InvitationMessage.build(session, from, r.email(), content,
                    "<invitation-" + r.invitationId() + "@" + fromDomain + ">", false);
            return new Prepared(msg, new Address[]{new InternetAddress(r.email(), true)}, null);
        } catch (MessagingException | RuntimeException e) {
            return new Prepared(null, null, Failures.oneLine(e));
        }
    }
}

package org.invitedesk.service;

import com.google.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.Template;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.mail.EmailAddresses;
import org.invitedesk.mail.InvitationMessage;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.mail.SendOutcome;
import org.invitedesk.mail.SmtpConnection;
import org.invitedesk.template.RenderedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** What the main screen shows and sends before a batch: the preview, and the test message to oneself. */
public class PreviewService {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewService.class);

    private final InviteService invites;
    private final Rendering rendering;
    private final PermissionService permissions;
    private final MailSettings mail;

    @Inject
    public PreviewService(InviteService invites, Rendering rendering, PermissionService permissions, MailSettings mail) {
        this.invites = invites;
        this.rendering = rendering;
        this.permissions = permissions;
        this.mail = mail;
    }

    /** Compiles a template and renders it with sample values: a syntax error or an unknown merge field throws. */
    public void check(Template t) { rendering.check(t); }

    /** Renders the invitation for the first recipient, as a preview (no token that works). */
    public RenderedMessage preview(Template t, InviteFilter filter) { return previewFor(t, filter).message(); }

    /** A preview and who it is for: the first recipient's address (a made-up one when nobody is in scope). */
    public record Preview(RenderedMessage message, String to) { }

    public Preview previewFor(Template t, InviteFilter filter) {
        InviteService.Scope scope = invites.scope(filter);
        org.invitedesk.domain.DetailRow first = invites.firstRecipient(scope);
        return new Preview(rendering.render(t, scope.division(), first), first == null ? "pat@example.com" : first.email().strip());
    }

    /** Sends the first recipient's invitation to the user's own address, marked as a test; nothing is recorded. */
    public void sendTest(Template t, InviteFilter filter, String from, String to, String login) {
        permissions.requireSend(login);
        Optional<String> p = EmailAddresses.problemWithFrom(from);
        if (p.isPresent()) throw new BadInputException(InputField.EMAIL_FROM, "Email From: " + p.get());
        Optional<String> q = EmailAddresses.problemWithFrom(to);
        if (q.isPresent()) throw new BadInputException(q.get().replace("sender", "test")); // "The test address may not contain spaces."
        RenderedMessage content = preview(t, filter);
        try (SmtpConnection smtp = new SmtpConnection(mail)) {
            MimeMessage m = InvitationMessage.build(smtp.session(), from.strip(), to.strip(), content,
                    "<test-" + Tokens.newToken().substring(0, 12) + "@invite-desk.local>", true);
            SendOutcome out = smtp.send(m, new Address[]{new InternetAddress(to.strip(), true)});
            if (out.kind() != SendOutcome.Kind.SENT) {
                throw new UnavailableException("The test message was not sent: " + out.reply());
            }
        } catch (MessagingException e) {
            throw new BadInputException("The test message could not be built: " + Failures.oneLine(e));
        }
        LOG.info("Test invitation sent to {} by {}", to.strip(), login);
    }
}

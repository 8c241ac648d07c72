package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.FilterParams;
import org.invitedesk.data.RecipientMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.Template;
import org.invitedesk.mail.EmailAddresses;
import org.invitedesk.service.InvitationLinks;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.Rendering;
import org.invitedesk.template.CompiledTemplate;
import org.invitedesk.template.MergeFields;
import org.invitedesk.template.TemplateRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Queueing a batch: the permission, From and template are checked and the filter resolved once;
 * then one transaction creates the batch and one QUEUED invitation per distinct recipient
 * address. Addresses already holding an open invitation (another batch, another user) are
 * skipped and counted.
 */
public class BatchQueue {
    private static final Logger LOG = LoggerFactory.getLogger(BatchQueue.class);

    /** A send request that passed every check: who, what, and the compiled template. */
    private record Checked(InviteService.Scope scope, Template template, CompiledTemplate compiled, String from) { }

    private final Db db;
    private final InviteService invites;
    private final PermissionService permissions;
    private final TemplateRenderer renderer;
    private final Rendering rendering;
    private final InvitationLinks links;

    @Inject
    public BatchQueue(Db db, InviteService invites, PermissionService permissions, TemplateRenderer renderer, Rendering rendering,
                      InvitationLinks links) {
        this.db = db;
        this.invites = invites;
        this.permissions = permissions;
        this.renderer = renderer;
        this.rendering = rendering;
        this.links = links;
    }

    private Checked check(InviteFilter filter, String templateName, String from, String login) {
        permissions.requireSend(login);
        Optional<String> fromProblem = EmailAddresses.problemWithFrom(from);
        if (fromProblem.isPresent()) throw new BadInputException(InputField.EMAIL_FROM, "Email From: " + fromProblem.get());
        InviteService.Scope scope = invites.scope(filter);
        Template t = invites.activeTemplate(templateName);
        return new Checked(scope, t, renderer.compile(t), EmailAddresses.normalizedFrom(from));
    }

    public SendSummary queue(InviteFilter filter, String templateName, String from, String login) {
        return queue(filter, templateName, from, login, null);
    }

    /**
     * Queues a batch; with {@code sendAt}, it waits as SCHEDULED until then and any runner (a
     * sender service, a window, {@code resume}) takes it up after.
     */
    public SendSummary queue(InviteFilter filter, String templateName, String from, String login, OffsetDateTime sendAt) {
        Checked c = check(filter, templateName, from, login);
        DetailRow first = invites.firstRecipient(c.scope());
        if (first != null) c.compiled().render(MergeFields.values(rendering.input(first, c.scope().division(), Rendering.PREVIEW_TOKEN)));
        FilterParams p = c.scope().params();
        OffsetDateTime expires = links.expiresAt();
        String scheduled = sendAt == null ? null : "Scheduled for "
                + sendAt.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm 'on' d MMM yyyy", java.util.Locale.ENGLISH)) + " by " + login + ".";
        org.invitedesk.data.Queued q = db.tx(s -> {
            BatchMapper bm = s.getMapper(BatchMapper.class);
            bm.readCommitted();
            bm.queueLock();
            // the batch, its rows (chosen by the filter as "Will receive" chooses), the superseded
            // ones, the totals and the status: the database's invite_queue_batch, which checks
            // permission 390 itself (R__queue.sql)
            return s.getMapper(RecipientMapper.class).queueBatch(p, login, filter.describe(), c.template().id(), c.from(), expires,
                    sendAt, scheduled);
        });
        LOG.info("Batch {} queued {} invitations ({} skipped) for {} by {}", q.batchId(), q.queued(), q.skipped(), filter.describe(), login);
        return new SendSummary(q.batchId(), q.queued(), q.skipped(), 0, 0, 0, q.queued(),
                q.queued() == 0 ? BatchStatus.DONE : sendAt != null ? BatchStatus.SCHEDULED : BatchStatus.QUEUED, q.queued() == 0 ? null : scheduled);
    }

    /** Renders every recipient's message and queues nothing. */
    public SendSummary dryRun(InviteFilter filter, String templateName, String from, String login) {
        Checked c = check(filter, templateName, from, login);
        long n = invites.exportRows(c.scope(), row ->
                c.compiled().render(MergeFields.values(rendering.input(row, c.scope().division(), "DRY-RUN"))));
        return new SendSummary(0, n, 0, 0, 0, 0, n, BatchStatus.DONE, null);
    }
}

package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.data.LookupMapper;
import org.invitedesk.data.TemplateMapper;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Template;
import org.invitedesk.service.InvitationLinks;
import org.invitedesk.template.TemplateRenderer;

/** Makes the {@link Composer} of a batch: the template version it was queued with, its From and division. */
class Composers {
    private final Db db;
    private final TemplateRenderer renderer;
    private final InvitationLinks links;

    @Inject
    Composers(Db db, TemplateRenderer renderer, InvitationLinks links) {
        this.db = db;
        this.renderer = renderer;
        this.links = links;
    }

    Composer forBatch(Batch batch) {
        long templateId = db.read(BatchMapper.class, m -> m.templateId(batch.id()));
        Template t = db.read(TemplateMapper.class, m -> m.byId(templateId));
        Division division = db.read(LookupMapper.class, m -> m.divisionByCode(batch.divisionCode()));
        return new Composer(renderer.compile(t), batch.emailFrom(), division, links);
    }
}

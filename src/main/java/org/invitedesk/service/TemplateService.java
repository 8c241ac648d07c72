package org.invitedesk.service;

import com.google.inject.Inject;
import org.invitedesk.data.Db;
import org.invitedesk.data.RecipientMapper;
import org.invitedesk.data.TemplateMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.CurrentUser;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.Permissions;
import org.invitedesk.domain.Template;
import org.invitedesk.template.RenderedMessage;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The Notification Templates screen's work: list, save (every save is a new version; a batch
 * keeps the version it sent), duplicate, deactivate (never delete), and preview for a real
 * recipient. Editing needs permission 120; anyone may look.
 */
public class TemplateService {
    static final int MAX_NAME = 100;
    static final int MAX_BODY = 200_000;

    private final Db db;
    private final InviteService invites;
    private final PermissionService permissions;
    private final Rendering rendering;

    @Inject
    public TemplateService(Db db, InviteService invites, PermissionService permissions, Rendering rendering) {
        this.db = db;
        this.invites = invites;
        this.permissions = permissions;
        this.rendering = rendering;
    }

    /** The newest version of every portal-invite template, active or not, by name. */
    public List<Template> all() { return db.read(TemplateMapper.class, TemplateMapper::latestAll); }

    public Template byId(long id) { return db.read(TemplateMapper.class, m -> m.byId(id)); }

    public boolean mayEdit(String login) { return permissions.user(login).holds(Permissions.MAINTAIN_TEMPLATES); }

    /** What to say when {@code same} has the name already. */
    public static String nameTaken(Template same) {
        return "Name: another template is already called '" + same.name() + "'; choose another name.";
    }

    /**
     * The template of {@code templates} other than {@code key}'s that already has {@code name}
     * (compared trimmed and without case); null if none. The editor says so while typing; a save
     * checks again under the templates' lock.
     */
    public static Template nameTakenBy(List<Template> templates, String name, String key) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return templates.stream().filter(t -> !t.templateKey().equals(key) && t.name().toLowerCase(Locale.ROOT).equals(n))
                .findFirst().orElse(null);
    }

    /**
     * Checks and saves a template as a new version (a new template when its key is null).
     * @return the saved version
     */
    public Template save(Template draft, String login) {
        requireEdit(login);
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) throw new BadInputException("Name: write a name for the template.");
        if (name.length() > MAX_NAME) throw new BadInputException("Name: at most " + MAX_NAME + " characters (it has " + name.length() + ").");
        if (name.chars().anyMatch(Character::isISOControl)) throw new BadInputException("Name: line breaks and control characters are not allowed.");
        if (draft.htmlBody() == null || draft.htmlBody().isBlank()) throw new BadInputException("HTML body: write the message.");
        if (draft.textBody() == null || draft.textBody().isBlank()) throw new BadInputException("Text body: write the plain-text message.");
        if (draft.htmlBody().length() > MAX_BODY || draft.textBody().length() > MAX_BODY) {
            throw new BadInputException("Body: at most " + MAX_BODY + " characters; an invitation should be short.");
        }
        rendering.check(draft);
        String key = draft.templateKey() == null ? "tpl-" + UUID.randomUUID() : draft.templateKey();
        Template clean = new Template(0, key, 0, name, draft.subject().strip(), draft.htmlBody(), draft.textBody(), draft.active(),
                null, login);
        return db.tx(s -> {
            TemplateMapper m = s.getMapper(TemplateMapper.class);
            m.lockTemplates(); // one save at a time, so two people cannot both take a name
            Template same = nameTakenBy(m.latestAll(), name, key);
            if (same != null) throw new BadInputException(nameTaken(same));
            int version = m.nextVersion(key);
            m.insert(clean, version, login);
            return m.latestAll().stream().filter(t -> t.templateKey().equals(key)).findFirst().orElseThrow();
        });
    }

    /** A new template with the same content, called "Copy of …", not yet active. */
    public Template duplicate(long id, String login) {
        Template t = byId(id);
        if (t == null) throw new BadInputException("That template no longer exists; refresh the list.");
        String base = "Copy of " + t.name();
        String name = base.length() > MAX_NAME ? base.substring(0, MAX_NAME) : base;
        List<String> names = all().stream().map(x -> x.name().toLowerCase(Locale.ROOT)).toList();
        for (int i = 2; names.contains(name.toLowerCase(Locale.ROOT)); i++) name = base + " (" + i + ")";
        return save(new Template(0, null, 0, name, t.subject(), t.htmlBody(), t.textBody(), false, null, login), login);
    }

    /** Deactivates a template: a new, inactive version. Batches that used it keep theirs. */
    public Template deactivate(String key, String login) {
        requireEdit(login);
        return db.tx(s -> {
            TemplateMapper m = s.getMapper(TemplateMapper.class);
            if (m.deactivate(key, login) == 0) throw new BadInputException("That template no longer exists; refresh the list.");
            return m.latestAll().stream().filter(t -> t.templateKey().equals(key)).findFirst().orElseThrow();
        });
    }

    /** Up to {@code limit} contacts with a valid address in a division, to preview with. */
    public List<DetailRow> samples(String divisionCode, int limit) {
        Division d = invites.division(divisionCode);
        return db.read(RecipientMapper.class, m -> m.samples(d.id(), limit));
    }

    /** Renders a draft for one recipient (a made-up one when null); throws TemplateException with line and column. */
    public RenderedMessage preview(Template draft, String divisionCode, DetailRow sample) {
        Division d = divisionCode == null ? Rendering.SAMPLE_DIVISION : invites.division(divisionCode);
        return rendering.render(draft, d, sample);
    }

    private void requireEdit(String login) {
        CurrentUser u = permissions.user(login);
        if (!u.holds(Permissions.MAINTAIN_TEMPLATES)) {
            throw new PermissionDeniedException("User '" + login + "' lacks permission 120 \"Maintain Notification Templates\"; "
                    + "templates can be viewed but not changed. Ask an administrator to grant it.");
        }
    }
}

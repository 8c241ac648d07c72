package org.invitedesk.service;

import com.google.inject.Inject;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Template;
import org.invitedesk.template.MergeFields;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.template.TemplateRenderer;

/**
 * Renders a template for one recipient with a link that does not work: the preview, the
 * templates window and the checks before a send. Throws TemplateException with part, line and column.
 */
public class Rendering {
    /** The token in a preview's or a test's link: no invitation has it (the local portal says it is a test). */
    public static final String PREVIEW_TOKEN = "PREVIEW-TOKEN";

    /** The division a template is checked against when no real one is chosen. */
    public static final Division SAMPLE_DIVISION = new Division(0, "X", "Example Division", "x@example.com", "https://example.invalid/");

    private final TemplateRenderer renderer;
    private final InvitationLinks links;

    @Inject
    public Rendering(TemplateRenderer renderer, InvitationLinks links) {
        this.renderer = renderer;
        this.links = links;
    }

    /** Renders for {@code r} of division {@code d}; a made-up recipient when {@code r} is null. */
    public RenderedMessage render(Template t, Division d, DetailRow r) {
        return renderer.compile(t).render(MergeFields.values(input(r, d, PREVIEW_TOKEN)));
    }

    /** Compiles a template and renders it once with sample values: a syntax error or an unknown merge field throws. */
    public void check(Template t) { render(t, SAMPLE_DIVISION, null); }

    public MergeFields.Input input(DetailRow r, Division d, String token) {
        String url = InvitationLinks.inviteUrl(d, token);
        if (r == null) return new MergeFields.Input("Pat", "Example", "pat@example.com", "A00000000", "Example, Pat", d, url, links.expiresOn());
        String[] names = splitName(r.contactName());
        return new MergeFields.Input(names[0], names[1], r.email(), r.accountNumber(), r.accountName(), d, url, links.expiresOn());
    }

    static String[] splitName(String full) {
        String f = full == null ? "" : full.strip();
        int sp = f.indexOf(' ');
        return sp < 0 ? new String[]{f, ""} : new String[]{f.substring(0, sp), f.substring(sp + 1)};
    }
}

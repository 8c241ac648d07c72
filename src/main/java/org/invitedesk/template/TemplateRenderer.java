package org.invitedesk.template;

import org.invitedesk.domain.Template;

public interface TemplateRenderer {
    /** Parses subject, HTML and text; a syntax error is a {@link TemplateException} with line and column. */
    CompiledTemplate compile(Template template);
}

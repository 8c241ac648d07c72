package org.invitedesk.template;

import java.util.Map;

/** A template parsed once, rendered for many recipients. Thread-safe. */
public interface CompiledTemplate {
    /**
     * @param values the merge values (contact, account, division maps; inviteUrl; expiresOn), raw;
     *               values are HTML-escaped for the HTML part and header-safe for the subject
     */
    RenderedMessage render(Map<String, Object> values);
}

package org.invitedesk.ui.preview;

import org.invitedesk.template.RenderedMessage;

/** What the Preview window shows: the message as the first recipient will get it, and its envelope. */
public record MessagePreview(String templateName, String from, String to, RenderedMessage message) { }

package org.invitedesk.template;

public record RenderedMessage(String subject, String html, String text) {
}

package org.invitedesk.domain;

import java.time.OffsetDateTime;

/** One version of a notification template. */
public record Template(long id, String templateKey, int version, String name, String subject,
                       String htmlBody, String textBody, boolean active, OffsetDateTime changedAt,
                       String changedBy) {
    @Override public String toString() { return name; }
}

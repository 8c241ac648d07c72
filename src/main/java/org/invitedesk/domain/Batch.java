package org.invitedesk.domain;

import java.time.OffsetDateTime;

public record Batch(long id, BatchStatus status, String statusReason, String createdBy, OffsetDateTime createdAt,
                    String divisionCode, String filters, String templateName, int templateVersion,
                    String emailFrom, int queued, int skipped, int sent, int failed, int inDoubt,
                    int remaining, OffsetDateTime finishedAt) {
}

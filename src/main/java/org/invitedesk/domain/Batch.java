package org.invitedesk.domain;

import java.time.OffsetDateTime;

/** A batch as it stands ({@code runAt}: when a scheduled or waiting batch is due): its stored status, its state as derived now, and tallies counted from its rows. */
public record Batch(long id, BatchStatus status, BatchState state, String statusReason, String createdBy, OffsetDateTime createdAt,
                    String divisionCode, String filters, String templateName, int templateVersion,
                    String emailFrom, int queued, int skipped, int sent, int failed, int inDoubt,
                    int remaining, OffsetDateTime finishedAt, OffsetDateTime runAt) {
}

package org.invitedesk.domain;

/** The result of a send or a resume, as the {@code send} command prints it. */
public record SendSummary(long batchId, long queued, long skipped, long sent, long failed, long inDoubt,
                          long remaining, BatchStatus status, String reason) {
}

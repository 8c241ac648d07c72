package org.invitedesk.data;

/** What {@code invite_queue_batch} made: the batch, and how many invitations it queued. */
public record Queued(long batchId, int queued) { }

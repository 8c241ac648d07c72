package org.invitedesk.data;

/**
 * What {@code invite_queue_batch} made: the batch, how many invitations it queued, and how many of
 * the addresses it chose it skipped (found invited, or open in another batch, by the invitations themselves).
 */
public record Queued(long batchId, int queued, int skipped) { }

package org.invitedesk.service.send;

import org.invitedesk.data.InvitationMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The rows one connection's server accepted since the invitation rows were last written. The
 * newest is listed in the slot row with the next message's mark (or at once, before a wait);
 * all of them become SENT in one statement per claim, or once a second when sending slowly.
 */
final class AcceptedRows {
    private final List<Long> ids = new ArrayList<>();
    private final List<Long> at = new ArrayList<>();
    /** accepted, not yet listed in the slot row (it goes with the next hand) */
    private Long unlisted;
    private long unlistedAt;
    private long lastFlush = System.nanoTime();

    void add(long id, long atMillis) {
        ids.add(id);
        at.add(atMillis);
        unlisted = id;
        unlistedAt = atMillis;
    }

    /** Asks for the mark "handing {@code nextId}", listing the newest accepted row with it. */
    CompletableFuture<Void> hand(HandCommitter committer, int worker, long nextId) {
        CompletableFuture<Void> f = committer.submit(worker, nextId, unlisted, unlisted == null ? null : unlistedAt);
        unlisted = null;
        return f;
    }

    /** Records the last accepted message (nothing being handed) and waits for it, if there is one. */
    void recordNow(HandCommitter committer, int worker) throws InterruptedException {
        if (unlisted == null) return;
        CompletableFuture<Void> f = committer.submit(worker, null, unlisted, unlistedAt);
        unlisted = null;
        HandCommitter.await(f);
    }

    boolean isEmpty() { return ids.isEmpty(); }

    boolean dueForFlush() { return !ids.isEmpty() && System.nanoTime() - lastFlush > 1_000_000_000L; }

    void flush(InvitationMapper im, long runnerId, long batchId, int worker) {
        if (!ids.isEmpty()) im.flushSent(runnerId, batchId, worker, ids.toArray(new Long[0]), at.toArray(new Long[0]));
        ids.clear();
        at.clear();
        unlisted = null;
        lastFlush = System.nanoTime();
    }
}

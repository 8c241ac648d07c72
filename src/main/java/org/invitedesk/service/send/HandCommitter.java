package org.invitedesk.service.send;

import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.UnavailableException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the connections' "about to hand this message to SMTP" marks (V11 slot rows) on its
 * own database connection, several connections' marks in one statement and one commit (group
 * commit). A connection asks for its mark and starts the SMTP envelope (MAIL, RCPT, DATA and
 * the data) at once; only the data's ending, after which the server delivers, waits for the
 * mark to be durable ({@link org.invitedesk.mail.InvitationMessage.Tracked#gate}). So the mark
 * costs no SMTP round trip, and a crash still leaves at most one message per connection in doubt.
 */
final class HandCommitter implements AutoCloseable {
    private record Request(int worker, Long handingId, Long acceptedId, Long acceptedAtMillis, CompletableFuture<Void> done) { }

    private final Db db;
    private final long runnerId;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    HandCommitter(Db db, long runnerId) {
        this.db = db;
        this.runnerId = runnerId;
        this.thread = new Thread(this::loop, "hand-" + runnerId);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Completes when the mark is committed; fails when it cannot be (the database is gone).
     * {@code handingId} null: nothing is being handed, only {@code acceptedId} is recorded. A
     * connection has at most one mark outstanding (it waits for each before the next).
     */
    CompletableFuture<Void> submit(int worker, Long handingId, Long acceptedId, Long acceptedAtMillis) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        RuntimeException failed = failure;
        if (failed != null || closed) {
            f.completeExceptionally(failed != null ? failed : new IllegalStateException("the send has stopped"));
            return f;
        }
        queue.add(new Request(worker, handingId, acceptedId, acceptedAtMillis, f));
        if (!thread.isAlive()) failRemaining(); // it ended between the check and the add
        return f;
    }

    private void loop() {
        try (SqlSession session = db.openWorker()) {
            InvitationMapper im = session.getMapper(InvitationMapper.class);
            List<Request> group = new ArrayList<>();
            while (!closed || !queue.isEmpty()) {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.clear();
                group.add(first);
                queue.drainTo(group);
                int n = group.size();
                Integer[] workers = new Integer[n];
                Long[] handing = new Long[n];
                Long[] accepted = new Long[n];
                Long[] at = new Long[n];
                for (int i = 0; i < n; i++) {
                    Request r = group.get(i);
                    workers[i] = r.worker();
                    handing[i] = r.handingId();
                    accepted[i] = r.acceptedId();
                    at[i] = r.acceptedAtMillis();
                }
                try {
                    int marked = im.handAll(runnerId, workers, handing, accepted, at);
                    // A slot is gone only when another runner took this one for dead and settled it: nothing more may be handed.
                    if (marked < java.util.Arrays.stream(workers).distinct().count()) {
                        throw new IllegalStateException("this run was taken for dead by another runner and its work settled");
                    }
                } catch (RuntimeException e) {
                    failure = e;
                    group.forEach(r -> r.done().completeExceptionally(e));
                    return;
                }
                group.forEach(r -> r.done().complete(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (failure == null) failure = new IllegalStateException("the send has stopped");
            failRemaining();
        }
    }

    private void failRemaining() {
        Request r;
        while ((r = queue.poll()) != null) r.done().completeExceptionally(failure != null ? failure : new IllegalStateException("stopped"));
    }

    /**
     * Waits for a message's durable mark. When it failed, the message's data was never ended
     * (its gate held it), so nothing was delivered; the database is the problem and the run stops.
     */
    static void await(CompletableFuture<Void> mark) throws InterruptedException {
        try {
            mark.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UnavailableException("Database unreachable: " + Failures.inWords(Failures.reason(e.getCause()))
                    + ". Nothing was lost: resume the batch when the database is back.");
        } catch (TimeoutException e) {
            throw new UnavailableException("The database did not answer for 60 s. Nothing was lost: resume the batch when it is back.");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

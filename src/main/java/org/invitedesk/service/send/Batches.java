package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.Db;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.SendSummary;

import java.util.List;

/** The batches as they stand in the database: one, the newest, the unfinished. */
public class Batches {
    private final Db db;

    @Inject
    public Batches(Db db) { this.db = db; }

    public Batch batch(long id) {
        Batch b = db.read(BatchMapper.class, m -> m.byId(id));
        if (b == null) throw new BadInputException(InputField.BATCH, "There is no batch " + id + ".");
        return b;
    }

    public List<Batch> list(int limit) { return db.read(BatchMapper.class, m -> m.list(limit)); }

    /** Batches with work left or rows in doubt, oldest first. */
    public List<Batch> unfinished() { return db.read(BatchMapper.class, BatchMapper::unfinished); }

    /**
     * The unfinished batches after what dead runners left (a crash, a killed process) was made
     * definite, so their figures say what was sent, what is in doubt and what is still queued. A
     * login that may not settle (no permission 390) lists them as they stand.
     */
    public List<Batch> unfinishedAfterSettling() {
        try {
            Settlement.settleDead(db, null);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Batches.class).info("Dead runners not settled at start: {}",
                    org.invitedesk.domain.Failures.reason(e));
        }
        return unfinished();
    }

    /** Writes one CSV row per invitation of the batch (address, contact, account, status, reason, attempts, sent at), streamed. */
    public long exportResults(long batchId, java.io.Writer out) {
        batch(batchId);
        long n = 0;
        try (org.apache.ibatis.session.SqlSession s = db.openStreaming();
             org.apache.ibatis.cursor.Cursor<org.invitedesk.domain.InvitationResult> rows = s.getMapper(BatchMapper.class).results(batchId);
             org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.DEFAULT.builder()
                     .setHeader("email", "contact", "account", "status", "reason", "attempts", "sent_at").get())) {
            for (org.invitedesk.domain.InvitationResult r : rows) {
                csv.printRecord(r.email(), r.contactName(), r.accountNumber(), r.status(), r.reason(), r.attempts(), r.sentAt());
                n++;
            }
            csv.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    public SendSummary summary(long batchId) {
        Batch b = batch(batchId);
        return new SendSummary(b.id(), b.queued(), b.skipped(), b.sent(), b.failed(), b.inDoubt(), b.remaining(), b.status(),
                b.statusReason());
    }
}

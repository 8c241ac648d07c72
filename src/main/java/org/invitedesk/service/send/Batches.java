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

    public SendSummary summary(long batchId) {
        Batch b = batch(batchId);
        return new SendSummary(b.id(), b.queued(), b.skipped(), b.sent(), b.failed(), b.inDoubt(), b.remaining(), b.status(),
                b.statusReason());
    }
}

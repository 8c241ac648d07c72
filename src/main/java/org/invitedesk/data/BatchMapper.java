package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.Batch;

import java.util.List;
import java.util.Map;

public interface BatchMapper {
    long insert(@Param("createdBy") String createdBy, @Param("divisionId") long divisionId, @Param("filters") String filters,
                @Param("templateId") long templateId, @Param("emailFrom") String emailFrom);

    void setTotals(@Param("id") long id, @Param("queued") int queued, @Param("skipped") int skipped);

    void setStatus(@Param("id") long id, @Param("status") String status, @Param("reason") String reason);

    /** Copies the invitation tallies into the batch row (the audit keeps them). */
    void refreshTotals(@Param("id") long id);

    Batch byId(@Param("id") long id);

    List<Batch> list(@Param("limit") int limit);

    /** Batches with work left (queued rows) or rows waiting for a decision (in doubt). */
    List<Batch> unfinished();

    boolean tryLock(@Param("key") long key);

    void unlock(@Param("key") long key);

    void globalQueueLock();

    List<Map<String, Object>> statusCounts(@Param("id") long id);
}

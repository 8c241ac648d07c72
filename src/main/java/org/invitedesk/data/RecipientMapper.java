package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.cursor.Cursor;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailSort;

import java.time.OffsetDateTime;
import java.util.List;

/** Who is in scope: counts, the rows of a group, and queueing a batch, all from one SQL fragment. */
public interface RecipientMapper {
    /** tally: from count_tally (V23), which holds active service for count_day's day only; else from the contact rows. */
    Counts counts(@Param("p") FilterParams p, @Param("tally") boolean tally);

    long detailCount(@Param("p") FilterParams p, @Param("group") CountGroup group, @Param("batchId") Long batchId,
                     @Param("search") String searchPattern, @Param("tally") boolean tally);

    /** Moves the tally's day to {@code day} when it can (R__count_tally.sql); true when the tally is then for that day. */
    @org.apache.ibatis.annotations.Select("SELECT invite_count_day_advance(#{day})")
    boolean countDayAdvance(@Param("day") java.time.LocalDate day);

    /** The day the tally's "Active service" holds for. */
    @org.apache.ibatis.annotations.Select("SELECT day FROM count_day")
    java.time.LocalDate tallyDay();

    /** Deltas a division's tally has gathered since they were last folded together. */
    @org.apache.ibatis.annotations.Select("SELECT count(*) FROM count_tally WHERE division_id = #{divisionId} AND NOT settled")
    long tallyDeltas(@Param("divisionId") long divisionId);

    /** Folds a division's tally deltas together; returns how many rows it folded. */
    @org.apache.ibatis.annotations.Select("SELECT invite_count_tally_settle(#{divisionId})")
    long settleTally(@Param("divisionId") long divisionId);

    List<DetailRow> detailPage(@Param("p") FilterParams p, @Param("group") CountGroup group, @Param("batchId") Long batchId,
                               @Param("search") String searchPattern, @Param("sort") DetailSort sort,
                               @Param("desc") boolean descending, @Param("offset") long offset, @Param("limit") int limit,
                               @Param("afterKey") String afterKey, @Param("afterId") Long afterId);

    Cursor<DetailRow> detailCursor(@Param("p") FilterParams p, @Param("group") CountGroup group, @Param("batchId") Long batchId,
                                   @Param("search") String searchPattern, @Param("sort") DetailSort sort,
                                   @Param("desc") boolean descending, @Param("offset") long offset, @Param("limit") int limit,
                                   @Param("afterKey") String afterKey, @Param("afterId") Long afterId);

    /** Contacts with a valid address on open accounts of a division, to preview a template with. */
    java.util.List<DetailRow> samples(@Param("divisionId") long divisionId, @Param("limit") int limit);

    /**
     * Queues a batch through {@code invite_queue_batch}: the recipients the filter selects, one
     * per address, as the user the database lets this login act for (R__queue.sql).
     */
    Queued queueBatch(@Param("p") FilterParams p, @Param("login") String login, @Param("filters") String filters,
                      @Param("templateId") long templateId, @Param("from") String from, @Param("expiresAt") OffsetDateTime expiresAt,
                      @Param("sendAt") OffsetDateTime sendAt, @Param("scheduledReason") String scheduledReason);
}

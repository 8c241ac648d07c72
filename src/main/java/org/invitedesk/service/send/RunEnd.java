package org.invitedesk.service.send;

import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.BatchMapper;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.data.RunnerMapper;
import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.InvitationStatus;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The end of one runner's run, in one transaction holding the batch's row lock: its own work is
 * settled, dead runners of the batch too; when runners are left they carry on and nothing else
 * changes. The last one records the batch's state: waiting for the daily limit, back in the queue
 * (a sender service stopping), paused with its reason, paused for an in-doubt decision, or done.
 */
final class RunEnd {
    private RunEnd() { }

    static void record(SqlSession s, RunState state, Runner runner, Clock clock) {
        long batchId = state.batchId;
        BatchMapper bm = s.getMapper(BatchMapper.class);
        RunnerMapper rm = s.getMapper(RunnerMapper.class);
        InvitationMapper im = s.getMapper(InvitationMapper.class);
        BatchStatus current = bm.lockStatus(batchId);
        Settlement.settleRunner(s, runner.id, batchId);
        boolean othersLive = false;
        for (long other : rm.ids(batchId)) {
            if (!Settlement.settleIfDead(s, other)) othersLive = true;
        }
        bm.refreshTotals(batchId);
        if (othersLive) return;
        long left = im.countStatus(batchId, InvitationStatus.QUEUED);
        long doubt = im.countStatus(batchId, InvitationStatus.IN_DOUBT) + im.countStatus(batchId, InvitationStatus.SENDING);
        String reason = state.pauseReason();
        if (reason == null && state.cancelled() && runner.kind != RunnerKind.SERVICE) {
            reason = "Cancelled by the user; what was not sent stays queued and can be resumed.";
        }
        // a sender service that lost the database hands the batch back (it, or another, takes it up again)
        if (runner.kind == RunnerKind.SERVICE && state.stoppedByDatabase()) reason = null;
        // a pause asked for after this run last looked is honoured here, under the batch row's lock
        String pausedBy = bm.pauseRequestedBy(batchId);
        if (pausedBy != null) reason = "Paused by " + pausedBy + ".";
        if (left > 0 && state.quotaFreesAt() != null && reason == null) {
            bm.schedule(batchId, BatchStatus.WAITING, waitingReason(state.quotaFreesAt(), clock), state.quotaFreesAt());
        } else if (left > 0 && reason != null) {
            bm.setStatus(batchId, BatchStatus.PAUSED, reason);
        } else if (left > 0 && current == BatchStatus.PAUSED) {
            return; // a person paused it meanwhile: it stays paused, with their reason
        } else if (left > 0) {
            bm.setStatus(batchId, BatchStatus.QUEUED, null); // for whichever runner comes next
        } else if (doubt > 0) {
            bm.setStatus(batchId, BatchStatus.PAUSED, doubt + " invitation(s) in doubt need a decision.");
        } else {
            bm.setStatus(batchId, BatchStatus.DONE, null);
        }
        bm.clearPauseRequest(batchId);
    }

    /** "Waiting for the daily limit: resumes at 09:12 tomorrow" (today, tomorrow, or the date). */
    static String waitingReason(OffsetDateTime at, Clock clock) {
        ZoneId zone = clock.getZone();
        var local = at.atZoneSameInstant(zone);
        var today = java.time.LocalDate.now(clock);
        String time = local.format(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT));
        String day = local.toLocalDate().equals(today) ? "today"
                : local.toLocalDate().equals(today.plusDays(1)) ? "tomorrow"
                : "on " + local.format(DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH));
        return "Waiting for the daily limit: resumes at " + time + " " + day + ".";
    }
}

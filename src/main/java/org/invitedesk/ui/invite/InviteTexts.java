package org.invitedesk.ui.invite;

import org.invitedesk.domain.SendProgress;
import org.invitedesk.domain.SendSummary;

/** The sentences the main screen says about a send: the question before it, its progress, its end. */
final class InviteTexts {
    private InviteTexts() { }

    static String confirmation(long n, String from, String template) {
        return "Send " + n + " invitation" + (n == 1 ? "" : "s") + " to " + n + " distinct address" + (n == 1 ? "" : "es")
                + " from " + from.strip() + " using template \"" + template + "\"?";
    }

    static String ready(org.invitedesk.domain.Counts c) {
        if (c == null) return "";
        return String.format("Ready: %,d invitation%s to %,d distinct address%s.", c.willReceive(), c.willReceive() == 1 ? "" : "s",
                c.willReceive(), c.willReceive() == 1 ? "" : "es");
    }

    static String queueing(long n) {
        return n > 0 ? String.format("Queueing %,d invitations… (sending starts when they are all queued)", n) : "Queueing…";
    }

    static String progress(SendProgress p) {
        return String.format("Sent %,d · failed %,d%s · remaining %,d · %.0f msg/s%s%s", p.sent(), p.failed(),
                p.inDoubt() > 0 ? " · in doubt " + p.inDoubt() : "", p.remaining(), p.messagesPerSecond(),
                p.rateLimit() > 0 ? String.format(" (at most %s a second)", rate(p.rateLimit())) : "",
                p.secondsLeft() >= 0 && p.remaining() > 0 ? " · about " + p.secondsLeft() + " s left" : "");
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.format("%.2f", perSecond);
    }

    /** A batch left unfinished: what happened and what is left, for the progress line. */
    static String unfinished(org.invitedesk.domain.Batch b) {
        return String.format("Batch %d is not finished: sent %,d, failed %,d, in doubt %,d, still queued %,d%s", b.id(), b.sent(),
                b.failed(), b.inDoubt(), b.remaining(), b.statusReason() == null ? "" : " — " + b.statusReason());
    }

    static String finished(SendSummary s) {
        return String.format("Batch %d: sent %d, failed %d, in doubt %d, still queued %d%s", s.batchId(), s.sent(),
                s.failed(), s.inDoubt(), s.remaining(), s.reason() == null ? "" : " — " + s.reason());
    }
}

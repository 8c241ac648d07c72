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
                p.rateLimit() > 0 ? " (at most " + org.invitedesk.service.send.Quotas.rateInWords(p.rateLimit()) + ")" : "",
                p.secondsLeft() >= 0 && p.remaining() > 0 ? " · about " + p.secondsLeft() + " s left" : "");
    }

    /** A batch left unfinished: what happened and what is left, for the progress line. */
    static String unfinished(org.invitedesk.domain.Batch b) {
        // short: it shares a row with the buttons (failed and in doubt said only when there are any)
        return String.format("Batch %d not finished: %,d sent%s%s, %,d still queued%s", b.id(), b.sent(),
                b.failed() > 0 ? String.format(", %,d failed", b.failed()) : "", b.inDoubt() > 0 ? String.format(", %,d in doubt", b.inDoubt()) : "",
                b.remaining(), b.statusReason() == null ? "" : " — " + b.statusReason());
    }

    /** The confirmation: what, how long under the quotas, and who sends it. */
    static String confirmSend(String what, String estimate, boolean serviceAlive) {
        return what + (estimate == null ? "" : "\n\nUnder the relay's quotas this takes " + estimate + ".")
                + "\n\n" + (serviceAlive ? "A sender service is running: it sends the batch, and you may close this window."
                : "This window sends: keep it open until it is done, or start a sender service. \"Send at…\" schedules it instead.");
    }

    static String windowSends() { return "This window sends: keep it open, or start a sender service."; }

    static String handedOff(long batchId) {
        return "Batch " + batchId + " is queued for the sender service; closing this window stops nothing.";
    }

    static String watched(org.invitedesk.domain.Batch b) {
        return String.format("The sender service sends batch %d: sent %,d · failed %,d%s · remaining %,d", b.id(), b.sent(), b.failed(),
                b.inDoubt() > 0 ? " · in doubt " + b.inDoubt() : "", b.remaining());
    }

    static String scheduled(SendSummary s) {
        return String.format("Batch %d: %,d invitations scheduled — %s", s.batchId(), s.queued(), s.reason() == null ? "" : s.reason());
    }

    static String finished(SendSummary s) {
        return String.format("Batch %d: sent %d, failed %d, in doubt %d, still queued %d%s", s.batchId(), s.sent(),
                s.failed(), s.inDoubt(), s.remaining(), s.reason() == null ? "" : " — " + s.reason());
    }
}

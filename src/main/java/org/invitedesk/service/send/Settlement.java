package org.invitedesk.service.send;

import org.invitedesk.data.InvitationMapper;

/**
 * What a run left behind, made definite. Before a run and after it, and before a decision,
 * with the batch's lock held: what the slots say the server accepted is SENT, what they were
 * handing is IN_DOUBT, and what is still CLAIMED was never handed to SMTP, so it goes back to
 * QUEUED (SENDING rows from before the slots existed become IN_DOUBT).
 */
final class Settlement {
    private Settlement() { }

    static void settle(InvitationMapper im, long batchId) {
        im.settleAccepted(batchId);
        im.settleHanding(batchId);
        im.dropSlots(batchId);
        im.releaseClaimed(batchId);
        im.markInDoubt(batchId);
    }
}

package org.invitedesk.ui;

import org.invitedesk.domain.BatchStatus;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.ui.common.FxWindowService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-of-send summary says what happened in plain words. */
class SummaryTextTest {
    @Test
    void aCleanSendSaysQueuedAndSentWithoutMentioningSkips() {
        assertThat(FxWindowService.summaryText(new SendSummary(1, 6, 0, 6, 0, 0, 0, BatchStatus.DONE, null)))
                .isEqualTo("Queued 6 invitations. Sent 6, failed 0, in doubt 0, still queued 0.");
    }

    @Test
    void skippedAddressesAreExplained() {
        assertThat(FxWindowService.summaryText(new SendSummary(2, 1200, 1, 1199, 1, 0, 0, BatchStatus.DONE, null)))
                .isEqualTo("Queued 1,200 invitations. 1 address was skipped: an invitation to it was already waiting in another batch."
                        + " Sent 1,199, failed 1, in doubt 0, still queued 0.");
        assertThat(FxWindowService.summaryText(new SendSummary(3, 1, 2, 1, 0, 0, 0, BatchStatus.DONE, null)))
                .startsWith("Queued 1 invitation. 2 addresses were skipped: an invitation to them was");
    }
}

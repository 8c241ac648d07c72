package org.invitedesk.ui;

import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.ui.details.InvitationDetailsView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The file name the details window offers for an export says which list it holds. */
class DetailsExportNameTest {
    @Test
    void theOfferedFileNameNamesTheDivisionAndGroupOrTheBatch() {
        assertThat(InvitationDetailsView.exportFileName(DetailQuery.of(InviteFilter.forDivision("NVW"), CountGroup.NOT_INVITED)))
                .isEqualTo("NVW-not-invited.csv");
        assertThat(InvitationDetailsView.exportFileName(DetailQuery.of(InviteFilter.forDivision("HBX"), CountGroup.WILL_RECEIVE)))
                .isEqualTo("HBX-will-receive.csv");
        assertThat(InvitationDetailsView.exportFileName(DetailQuery.of(null, CountGroup.BATCH_ROWS).withBatch(12L))).isEqualTo("batch-12.csv");
        assertThat(InvitationDetailsView.exportFileName(DetailQuery.of(InviteFilter.forDivision("D1"), CountGroup.FAILED_IN_BATCH).withBatch(7L)))
                .isEqualTo("batch-7-failed.csv");
        // a division's code is free text
        assertThat(InvitationDetailsView.exportFileName(DetailQuery.of(InviteFilter.forDivision("N/W:1"), CountGroup.NOT_INVITED)))
                .isEqualTo("N_W_1-not-invited.csv");
    }
}

package org.invitedesk.data;

import java.time.LocalDate;

/** An {@link org.invitedesk.domain.InviteFilter} resolved to database ids; every value is bound with #{}. */
public record FilterParams(long divisionId, Long accountClassId, Long billGroupId, Long accountSourceId,
                           Long siteSourceId, boolean activeService, boolean balanceDue, boolean billingContacts,
                           boolean noAutopay, boolean includeInvited, LocalDate today) {
}

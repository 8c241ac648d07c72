package org.invitedesk.data;

import org.invitedesk.domain.FilterFlag;

import java.time.LocalDate;
import java.util.Set;

/** An {@link org.invitedesk.domain.InviteFilter} resolved to database ids; every value is bound with #{}. */
public record FilterParams(long divisionId, Long accountClassId, Long billGroupId, Long accountSourceId,
                           Long siteSourceId, Set<FilterFlag> flags, boolean includeInvited, LocalDate today) {
    /** For the mapper XML: {@code <if test="p.has('BALANCE_DUE')">}. */
    public boolean has(String flag) { return flags.contains(FilterFlag.valueOf(flag)); }
}

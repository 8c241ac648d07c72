package org.invitedesk.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is in scope: the division, the four optional lookups (codes, null = all), the ticked
 * {@link FilterFlag}s and whether to re-send to contacts invited before. The same record drives
 * counts, details and sending.
 */
public record InviteFilter(
        String division,
        String accountClass,
        String billGroup,
        String accountSource,
        String siteSource,
        Set<FilterFlag> flags,
        boolean includeInvited) {

    public InviteFilter {
        flags = flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(FilterFlag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    public static InviteFilter forDivision(String division) {
        return new InviteFilter(division, null, null, null, null, Set.of(), false);
    }

    public boolean has(FilterFlag f) { return flags.contains(f); }

    public InviteFilter with(FilterFlag f, boolean on) {
        EnumSet<FilterFlag> s = flags.isEmpty() ? EnumSet.noneOf(FilterFlag.class) : EnumSet.copyOf(flags);
        if (on) s.add(f); else s.remove(f);
        return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, s, includeInvited);
    }

    public InviteFilter withAccountClass(String v) { return new InviteFilter(division, v, billGroup, accountSource, siteSource, flags, includeInvited); }
    public InviteFilter withBillGroup(String v) { return new InviteFilter(division, accountClass, v, accountSource, siteSource, flags, includeInvited); }
    public InviteFilter withAccountSource(String v) { return new InviteFilter(division, accountClass, billGroup, v, siteSource, flags, includeInvited); }
    public InviteFilter withSiteSource(String v) { return new InviteFilter(division, accountClass, billGroup, accountSource, v, flags, includeInvited); }
    public InviteFilter withIncludeInvited(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, flags, v); }
    public InviteFilter withActiveService(boolean v) { return with(FilterFlag.ACTIVE_SERVICE, v); }
    public InviteFilter withBalanceDue(boolean v) { return with(FilterFlag.BALANCE_DUE, v); }
    public InviteFilter withBillingContacts(boolean v) { return with(FilterFlag.BILLING_CONTACTS, v); }
    public InviteFilter withNoAutopay(boolean v) { return with(FilterFlag.NO_AUTOPAY, v); }

    /** A short human description, for window titles and the batch audit. */
    public String describe() {
        return describeScope() + (includeInvited ? ", re-send to invited" : ", never invited only");
    }

    /**
     * The same without the choice of re-sending to invited addresses, which only Will receive
     * (and a batch) depends on: for the other groups' titles.
     */
    public String describeScope() {
        StringBuilder b = new StringBuilder(division == null ? "?" : division);
        if (accountClass != null) b.append(", class ").append(accountClass);
        if (billGroup != null) b.append(", bill group ").append(billGroup);
        if (accountSource != null) b.append(", account source ").append(accountSource);
        if (siteSource != null) b.append(", site source ").append(siteSource);
        for (FilterFlag f : flags) b.append(", ").append(f.shortText());
        return b.toString();
    }
}

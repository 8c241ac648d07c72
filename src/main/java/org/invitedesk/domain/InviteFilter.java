package org.invitedesk.domain;

/**
 * Who is in scope: the division, the four optional lookups (codes, null = all) and the
 * checkboxes of the main screen. The same record drives counts, details and sending.
 */
public record InviteFilter(
        String division,
        String accountClass,
        String billGroup,
        String accountSource,
        String siteSource,
        boolean activeService,
        boolean balanceDue,
        boolean billingContacts,
        boolean noAutopay,
        boolean includeInvited) {

    public static InviteFilter forDivision(String division) {
        return new InviteFilter(division, null, null, null, null, false, false, false, false, false);
    }

    public InviteFilter withAccountClass(String v) { return new InviteFilter(division, v, billGroup, accountSource, siteSource, activeService, balanceDue, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withBillGroup(String v) { return new InviteFilter(division, accountClass, v, accountSource, siteSource, activeService, balanceDue, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withAccountSource(String v) { return new InviteFilter(division, accountClass, billGroup, v, siteSource, activeService, balanceDue, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withSiteSource(String v) { return new InviteFilter(division, accountClass, billGroup, accountSource, v, activeService, balanceDue, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withActiveService(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, v, balanceDue, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withBalanceDue(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, activeService, v, billingContacts, noAutopay, includeInvited); }
    public InviteFilter withBillingContacts(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, activeService, balanceDue, v, noAutopay, includeInvited); }
    public InviteFilter withNoAutopay(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, activeService, balanceDue, billingContacts, v, includeInvited); }
    public InviteFilter withIncludeInvited(boolean v) { return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, activeService, balanceDue, billingContacts, noAutopay, v); }

    /** A short human description, for window titles and the batch audit. */
    public String describe() {
        StringBuilder b = new StringBuilder(division == null ? "?" : division);
        if (accountClass != null) b.append(", class ").append(accountClass);
        if (billGroup != null) b.append(", bill group ").append(billGroup);
        if (accountSource != null) b.append(", account source ").append(accountSource);
        if (siteSource != null) b.append(", site source ").append(siteSource);
        if (activeService) b.append(", active service");
        if (balanceDue) b.append(", balance due");
        if (billingContacts) b.append(", billing contacts");
        if (noAutopay) b.append(", no autopay");
        b.append(includeInvited ? ", re-send to invited" : ", never invited only");
        return b.toString();
    }
}

package org.invitedesk.domain;

import java.util.Locale;

/**
 * The checkboxes that narrow who is in scope. The window shows one per constant, in this order,
 * with its label and rule; the SQL each adds is in {@code RecipientMapper.xml} (the "scope"
 * fragment); the command line names each in {@code FilterOptions}. design.md, "Add a filter
 * checkbox", lists what else a new one may need.
 */
public enum FilterFlag {
    ACTIVE_SERVICE("Accounts With _Active Service", "active service",
            "Only accounts with at least one service active today (started on or before today, not ended)."),
    BALANCE_DUE("Accounts With Balance D_ue", "balance due", "Only accounts whose balance due is more than zero."),
    BILLING_CONTACTS("_Restrict To Billing Contacts", "billing contacts", "Only the contact marked as each account's billing contact."),
    NO_AUTOPAY("Accounts Without Automatic _Payment", "no autopay", "Only accounts with no active automatic payment.");

    private final String label;
    private final String shortText;
    private final String rule;

    FilterFlag(String label, String shortText, String rule) {
        this.label = label;
        this.shortText = shortText;
        this.rule = rule;
    }

    /** The checkbox's text, with its mnemonic marked by an underscore. */
    public String label() { return label; }

    /** A few words for a description of the filter ("billing contacts"). */
    public String shortText() { return shortText; }

    /** What the box keeps, for its tooltip. */
    public String rule() { return rule; }

    /** The control's id in the window: {@code activeService} for ACTIVE_SERVICE. */
    public String id() {
        StringBuilder b = new StringBuilder();
        for (String part : name().toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }
}

package org.invitedesk.domain;

/** The four lookup lists. The table name is chosen from this fixed list, never from input. */
public enum LookupKind {
    ACCOUNT_CLASS("account_class", "account class"),
    BILL_GROUP("bill_group", "bill group"),
    ACCOUNT_SOURCE("account_source", "account source"),
    SITE_SOURCE("site_source", "site source");

    private final String table;
    private final String label;

    LookupKind(String table, String label) { this.table = table; this.label = label; }

    public String table() { return table; }
    public String label() { return label; }
}

package org.invitedesk.domain;

/**
 * The columns the details window may sort by. The SQL expression comes from this fixed list
 * (it is the only text spliced into SQL, with {@code ${}}); user input only picks a constant.
 */
public enum DetailSort {
    ACCOUNT_NUMBER("account_number", "text"),
    ACCOUNT_NAME("account_name", "text"),
    CONTACT_NAME("contact_name", "text"),
    EMAIL("email_key", "text"),
    BILLING_CONTACT("billing_contact", "boolean"),
    ACCOUNT_CLASS("account_class", "text"),
    BILL_GROUP("bill_group", "text"),
    INVITATION_STATUS("invitation_status", "text"),
    LAST_INVITED_AT("last_invited_at", "timestamptz"),
    TIMES_INVITED("times_invited", "integer"),
    ACCEPTED_AT("accepted_at", "timestamptz");

    private final String column;
    private final String sqlType;

    DetailSort(String column, String sqlType) {
        this.column = column;
        this.sqlType = sqlType;
    }

    public String column() { return column; }

    /**
     * For a sort by a lookup's name (account class, bill group): the lookup table, whose rows the
     * first page walks in name order (RecipientMapper.xml, detailPaged); null for the others.
     */
    public String lookupTable() {
        return switch (this) {
            case ACCOUNT_CLASS -> "account_class";
            case BILL_GROUP -> "bill_group";
            default -> null;
        };
    }

    /** The contact's column that points at {@link #lookupTable()}. */
    public String lookupColumn() {
        return switch (this) {
            case ACCOUNT_CLASS -> "account_class_id";
            case BILL_GROUP -> "bill_group_id";
            default -> null;
        };
    }

    /**
     * A key of the address's invitation history (kept on email_status, changed by every send):
     * status, last invited, times invited, accepted. In the Not invited group nearly every address
     * was never invited and has each at its {@link #emptyKey()}, so those rows are paged in contact
     * order and only the invited addresses' rows are sorted (RecipientMapper.xml, detailPaged).
     */
    public boolean addressKeyed() {
        return this == INVITATION_STATUS || this == LAST_INVITED_AT || this == TIMES_INVITED || this == ACCEPTED_AT;
    }

    /**
     * The key, as {@link #keyOf} gives it, of a Not invited row whose address was never invited
     * (no invitation row): no date, no times, "NOT INVITED".
     */
    public String emptyKey() {
        return switch (this) {
            case TIMES_INVITED -> "0";
            case INVITATION_STATUS -> "NOT INVITED";
            default -> "-infinity";
        };
    }

    /** The SQL type of the sort key, for binding a keyset value. */
    public String sqlType() { return sqlType; }

    /**
     * The sort key, never NULL: a missing text sorts as '', a missing time as -infinity, so
     * "ascending, missing first" and keyset paging ({@code (key, id) > (k, i)}) agree.
     */
    public String expression() {
        // NOT NULL (coalesced where a batch's contact is gone), and so the account's number or name index can give the order
        if (this == ACCOUNT_NUMBER || this == ACCOUNT_NAME) return "d." + column;
        return switch (sqlType) {
            case "text" -> "coalesce(d." + column + ", '')";
            case "timestamptz" -> "coalesce(d." + column + ", '-infinity'::timestamptz)";
            default -> "d." + column;
        };
    }

    /** This row's sort key as text, to bind (cast back with {@link #sqlType()}). */
    public String keyOf(DetailRow r) {
        return switch (this) {
            case ACCOUNT_NUMBER -> nz(r.accountNumber());
            case ACCOUNT_NAME -> nz(r.accountName());
            case CONTACT_NAME -> nz(r.contactName());
            case EMAIL -> nz(r.emailKey());
            case BILLING_CONTACT -> String.valueOf(r.billingContact());
            case ACCOUNT_CLASS -> nz(r.accountClass());
            case BILL_GROUP -> nz(r.billGroup());
            case INVITATION_STATUS -> nz(r.invitationStatus());
            case LAST_INVITED_AT -> r.lastInvitedAt() == null ? "-infinity" : r.lastInvitedAt().toString();
            case TIMES_INVITED -> String.valueOf(r.timesInvited());
            case ACCEPTED_AT -> r.acceptedAt() == null ? "-infinity" : r.acceptedAt().toString();
        };
    }

    private static String nz(String s) { return s == null ? "" : s; }
}

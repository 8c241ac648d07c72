package org.invitedesk.domain;

/**
 * The columns the details window may sort by. The SQL expression comes from this fixed list
 * (it is the only text spliced into SQL, with {@code ${}}); user input only picks a constant.
 */
public enum DetailSort {
    ACCOUNT_NUMBER("account_number"),
    ACCOUNT_NAME("account_name"),
    CONTACT_NAME("contact_name"),
    EMAIL("email"),
    BILLING_CONTACT("billing_contact"),
    ACCOUNT_CLASS("account_class"),
    BILL_GROUP("bill_group"),
    INVITATION_STATUS("invitation_status"),
    LAST_INVITED_AT("last_invited_at"),
    TIMES_INVITED("times_invited"),
    ACCEPTED_AT("accepted_at");

    private final String column;

    DetailSort(String column) { this.column = column; }

    public String column() { return column; }
}

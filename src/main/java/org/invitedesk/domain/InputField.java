package org.invitedesk.domain;

/**
 * The input a {@link BadInputException} is about. The window and the commands each add their
 * own advice for it (a list to choose from, a command that lists the codes): the services'
 * messages say what is wrong without naming a control or a flag.
 */
public enum InputField {
    DIVISION, ACCOUNT_CLASS, BILL_GROUP, ACCOUNT_SOURCE, SITE_SOURCE, TEMPLATE, EMAIL_FROM, COUNT_GROUP, BATCH, OTHER;

    /** The field for a lookup list. */
    public static InputField of(LookupKind kind) {
        return switch (kind) {
            case ACCOUNT_CLASS -> ACCOUNT_CLASS;
            case BILL_GROUP -> BILL_GROUP;
            case ACCOUNT_SOURCE -> ACCOUNT_SOURCE;
            case SITE_SOURCE -> SITE_SOURCE;
        };
    }
}

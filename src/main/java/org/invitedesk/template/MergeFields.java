package org.invitedesk.template;

import java.util.List;

/** The values a template may use, with what each is. */
public final class MergeFields {
    public static final List<String[]> ALL = List.of(
            new String[]{"$contact.firstName", "contact's first name"},
            new String[]{"$contact.lastName", "contact's last name"},
            new String[]{"$contact.email", "address the invitation goes to"},
            new String[]{"$account.number", "account number"},
            new String[]{"$account.name", "account name"},
            new String[]{"$division.name", "division name"},
            new String[]{"$inviteUrl", "the personal sign-up link"},
            new String[]{"$expiresOn", "date the invitation expires"});

    private MergeFields() { }
}

package org.invitedesk.domain;

import java.util.List;

public record DivisionLookups(List<Lookup> accountClasses, List<Lookup> billGroups,
                              List<Lookup> accountSources, List<Lookup> siteSources) {
    public List<Lookup> of(LookupKind kind) {
        return switch (kind) {
            case ACCOUNT_CLASS -> accountClasses;
            case BILL_GROUP -> billGroups;
            case ACCOUNT_SOURCE -> accountSources;
            case SITE_SOURCE -> siteSources;
        };
    }
}

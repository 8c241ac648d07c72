package org.invitedesk.cli;

import org.invitedesk.domain.FilterFlag;
import org.invitedesk.domain.InviteFilter;
import picocli.CommandLine.Option;

/** The filter flags shared by counts, details and send. */
public class FilterOptions {
    @Option(names = "--division", required = true, paramLabel = "CODE", description = "account division code (see `divisions`)")
    String division;
    @Option(names = "--account-class", paramLabel = "CODE") String accountClass;
    @Option(names = "--bill-group", paramLabel = "CODE") String billGroup;
    @Option(names = "--account-source", paramLabel = "CODE") String accountSource;
    @Option(names = "--site-source", paramLabel = "CODE") String siteSource;
    @Option(names = "--active-service", description = "only accounts with a service active today") boolean activeService;
    @Option(names = "--balance-due", description = "only accounts with a balance due > 0") boolean balanceDue;
    @Option(names = "--billing-contacts", description = "only billing contacts") boolean billingContacts;
    @Option(names = "--no-autopay", description = "only accounts without active automatic payment") boolean noAutopay;
    @Option(names = "--include-invited", description = "also re-send to contacts invited before who have not accepted") boolean includeInvited;

    public InviteFilter toFilter() {
        return new InviteFilter(division, accountClass, billGroup, accountSource, siteSource, java.util.Set.of(), includeInvited)
                .with(FilterFlag.ACTIVE_SERVICE, activeService).with(FilterFlag.BALANCE_DUE, balanceDue)
                .with(FilterFlag.BILLING_CONTACTS, billingContacts).with(FilterFlag.NO_AUTOPAY, noAutopay);
    }
}

package org.invitedesk.domain;

/** A page request for the details of one count group. */
public record DetailQuery(InviteFilter filter, CountGroup group, Long batchId, String search,
                          DetailSort sort, boolean descending) {
    /** A group's rows in their first order: by account number (Will receive's first is the first recipient). */
    public static DetailQuery of(InviteFilter filter, CountGroup group) {
        return new DetailQuery(filter, group, null, null, DetailSort.ACCOUNT_NUMBER, false);
    }
    public DetailQuery withSearch(String s) { return new DetailQuery(filter, group, batchId, s, sort, descending); }
    public DetailQuery withSort(DetailSort s, boolean desc) { return new DetailQuery(filter, group, batchId, search, s, desc); }
    public DetailQuery withBatch(Long id) { return new DetailQuery(filter, group, id, search, sort, descending); }
}

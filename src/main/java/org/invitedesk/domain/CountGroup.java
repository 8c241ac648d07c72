package org.invitedesk.domain;

/** The count groups of the main screen; the order is the order shown. */
public enum CountGroup {
    NOT_INVITED("Not invited"),
    WAITING_IN_BATCH("Waiting in an unfinished batch"),
    INVITED_NOT_ACCEPTED("Invited, not accepted"),
    HAS_PORTAL_ACCOUNT("Has portal account"),
    NO_VALID_EMAIL("No valid email"),
    WILL_RECEIVE("Will receive this invite"),
    /** The failed rows of one batch (after a send), not a count of the main screen. */
    FAILED_IN_BATCH("Failed in last send"),
    /** Every row of one batch (the Batches window); the search box also matches the status. */
    BATCH_ROWS("Rows of the batch");

    private final String label;

    CountGroup(String label) { this.label = label; }

    public String label() { return label; }

    public boolean isBatchGroup() { return this == FAILED_IN_BATCH || this == BATCH_ROWS; }

    /** "1 contact", "2,345 addresses": how many rows of this group, in its own word (Will receive's are addresses, a batch's invitations). */
    public String counted(long n) {
        String word = this == WILL_RECEIVE ? "address" : isBatchGroup() ? "invitation" : "contact";
        return String.format("%,d ", n) + word + (n == 1 ? "" : word.endsWith("s") ? "es" : "s");
    }
}

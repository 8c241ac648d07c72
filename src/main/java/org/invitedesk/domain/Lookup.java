package org.invitedesk.domain;

/** One value of a division's lookup list (account class, bill group, account source, site source). */
public record Lookup(long id, String code, String name) {
    @Override public String toString() { return code.isEmpty() ? name : name + " (" + code + ")"; }
}

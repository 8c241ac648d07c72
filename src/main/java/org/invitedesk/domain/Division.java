package org.invitedesk.domain;

public record Division(long id, String code, String name, String email, String portalBaseUrl) {
    @Override public String toString() { return name + " (" + code + ")"; }
}

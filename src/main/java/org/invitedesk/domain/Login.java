package org.invitedesk.domain;

/** The login of the person the app works for (the {@code app_user.login} it signs in as). */
public record Login(String name) {
    @Override public String toString() { return name; }
}

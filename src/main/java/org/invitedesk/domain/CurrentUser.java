package org.invitedesk.domain;

import java.util.Set;

/** The signed-in application user; {@code known} is false for a login the database does not have. */
public record CurrentUser(String login, boolean known, Set<Integer> permissions) {
    public boolean holds(int permission) { return permissions.contains(permission); }
}

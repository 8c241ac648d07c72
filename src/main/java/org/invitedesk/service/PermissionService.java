package org.invitedesk.service;

import com.google.inject.Inject;
import org.invitedesk.data.Db;
import org.invitedesk.data.UserMapper;
import org.invitedesk.domain.CurrentUser;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.Permissions;

import java.util.HashSet;

/** Who is signed in, and what they may do. Checked by the services, not only by buttons. */
public class PermissionService {
    private final Db db;

    @Inject
    public PermissionService(Db db) { this.db = db; }

    public CurrentUser user(String login) {
        Long id = db.read(UserMapper.class, m -> m.userId(login));
        if (id == null) return new CurrentUser(login, false, java.util.Set.of());
        return new CurrentUser(login, true, new HashSet<>(db.read(UserMapper.class, m -> m.permissions(login))));
    }

    public void requireSend(String login) {
        CurrentUser u = user(login);
        if (!u.holds(Permissions.SEND_PORTAL_INVITATIONS)) throw new PermissionDeniedException(denied(u));
    }

    public static String denied(CurrentUser u) {
        return u.known()
                ? "User '" + u.login() + "' lacks permission 390 \"Send Account Portal Invitations\"; ask an administrator to grant it."
                : "User '" + u.login() + "' is not an Invite Desk user, so it may look but not send (permission 390 \"Send Account Portal Invitations\" is needed). Sign in as a user who holds it.";
    }

    /**
     * Makes {@code login} an Invite Desk user: its database login role when missing (the caller's
     * database login needs CREATEROLE), the group roles for looking and for each permission (390,
     * 120), its user row and permissions; for a sender service's login ({@code service}) the
     * sender service's role and 390. @return "created" or "existing" (the login role)
     */
    public String grant(String login, String name, java.util.List<Integer> permissions, boolean service) {
        return db.tx(s -> s.getMapper(UserMapper.class).grant(login, name, permissions.toArray(new Integer[0]), service));
    }
}

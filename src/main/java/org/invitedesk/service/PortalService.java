package org.invitedesk.service;

import com.google.inject.Inject;
import org.invitedesk.data.Db;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.InputField;
import org.invitedesk.mail.EmailAddresses;

/** The portal's side of an invitation: a link redeemed, an invitation withdrawn. */
public class PortalService {
    /** What {@code accept_invitation} answers. */
    public enum Acceptance { ACCEPTED, USED, EXPIRED, SUPERSEDED, WITHDRAWN, UNKNOWN,
        /** (from {@link #state} only) it would be accepted */
        OPEN }

    private final Db db;
    private final PermissionService permissions;

    @Inject
    public PortalService(Db db, PermissionService permissions) {
        this.db = db;
        this.permissions = permissions;
    }

    /** Redeems an invitation link's token, as the portal does; the address's counts move in the same transaction. */
    public Acceptance accept(String token) {
        String word = db.tx(s -> s.getMapper(InvitationMapper.class).accept(token));
        return Acceptance.valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }

    /** What redeeming the token would answer, changing nothing: {@code OPEN} when it would be accepted. */
    public Acceptance state(String token) {
        String word = db.read(InvitationMapper.class, m -> m.linkState(token));
        return Acceptance.valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Withdraws the invitations delivered to an address (permission 390): their links stop
     * working and the address counts as not invited again. @return how many were withdrawn (0:
     * none delivered, or it was accepted, or one waits in a batch)
     */
    public int withdraw(String email, String login) {
        permissions.requireSend(login);
        String address = email == null ? "" : email.strip();
        if (address.isEmpty() || EmailAddresses.problemWithFrom(address).isPresent()) {
            throw new BadInputException(InputField.OTHER, "'" + address + "' is not an email address.");
        }
        return db.tx(s -> s.getMapper(InvitationMapper.class).withdraw(address, login));
    }
}

package org.invitedesk.domain;

public final class Permissions {
    public static final int MAINTAIN_TEMPLATES = 120;
    public static final int SEND_PORTAL_INVITATIONS = 390;

    private Permissions() { }
}

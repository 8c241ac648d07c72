package org.invitedesk.domain;

/**
 * Who a configured database says this connection is: its login, and whether that login may write
 * Invite Desk's tables directly (the schema's owner, or a login granted that). A login that may
 * not is signed in as itself; one that may can act for the user {@code --user} names.
 */
public record DatabaseLogin(String login, boolean writesDirectly) { }

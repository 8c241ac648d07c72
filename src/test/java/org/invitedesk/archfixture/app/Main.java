package org.invitedesk.archfixture.app;

/** The fixture's launcher. */
public class Main {
    public static int code() { return 0; }
}

package org.invitedesk.archfixture.service;

/** A deliberate cycle: service -> data -> service. */
public class Work {
    public static int done() { return 1; }

    public int rows() { return org.invitedesk.archfixture.data.Table.rows(); }
}

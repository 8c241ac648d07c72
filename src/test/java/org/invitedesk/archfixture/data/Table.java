package org.invitedesk.archfixture.data;

/** A deliberate breach of the layer rules, for {@code ArchitectureTest} to catch. */
public class Table {
    public static int rows() { return org.invitedesk.archfixture.service.Work.done(); }
}

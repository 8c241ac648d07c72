package org.invitedesk.archfixture.ui;

/** A deliberate breach: a view model on the scene graph, using data by its full name, and the launcher. */
public class ScreenViewModel {
    javafx.scene.control.Label label;

    public int count() { return org.invitedesk.archfixture.data.Table.rows() + org.invitedesk.archfixture.app.Main.code(); }
}

package org.invitedesk.archfixture.cli;

import org.invitedesk.archfixture.ui.ScreenViewModel;

/** A deliberate breach: a command using the window's classes. */
public class Command {
    public int run() { return new ScreenViewModel().count(); }
}

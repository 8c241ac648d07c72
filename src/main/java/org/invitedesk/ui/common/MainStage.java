package org.invitedesk.ui.common;

import javafx.stage.Stage;

/** The main window, owner of every other window and dialog. */
public record MainStage(Stage stage) { }

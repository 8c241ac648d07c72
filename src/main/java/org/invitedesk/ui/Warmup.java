package org.invitedesk.ui;

/**
 * While another thread connects to the database, loads on a second core the classes the main
 * screen needs (Guice, the views, ControlsFX, FXML): start-up is mostly class loading. Loading
 * only; nothing here touches the scene graph.
 */
final class Warmup {
    private static final String[] CLASSES = {"javafx.fxml.FXMLLoader", "org.controlsfx.control.SearchableComboBox",
            "org.controlsfx.control.Notifications", "org.invitedesk.ui.invite.BulkInviteView",
            "org.invitedesk.ui.invite.BulkInviteViewModel", "org.invitedesk.ui.UiModule",
            "org.invitedesk.ui.common.FxmlViewLoader", "javafx.scene.control.MenuBar",
            "javafx.scene.control.ProgressBar", "javafx.scene.control.Hyperlink", "javafx.scene.control.CheckBox"};

    private Warmup() { }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                com.google.inject.Guice.createInjector(binder -> { });
                ClassLoader cl = Warmup.class.getClassLoader();
                for (String name : CLASSES) Class.forName(name, false, cl);
            } catch (Throwable ignored) {
                // only a head start: whatever is not loaded here is loaded when needed
            }
        }, "warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}

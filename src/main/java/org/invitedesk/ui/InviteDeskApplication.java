package org.invitedesk.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.Backend;
import org.invitedesk.app.Launcher;
import org.invitedesk.domain.Batch;
import org.invitedesk.ui.common.FxUiExecutor;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.invite.BulkInviteView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The window. It shows at once, then starts the database and services in the background
 * (the embedded default takes a few seconds on first start); a failure shows what to check.
 */
public class InviteDeskApplication extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(InviteDeskApplication.class);
    private static AppConfig config;
    private Backend backend;

    public static void open(AppConfig cfg) {
        config = cfg;
        Application.launch(InviteDeskApplication.class);
    }

    @Override
    public void start(Stage stage) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> Platform.runLater(() -> {
            LOG.error("Uncaught exception on {}", t.getName(), e);
            new org.invitedesk.ui.common.FxWindowService(() -> stage, null, null)
                    .showError(Messages.of(e) + " The log is at " + config.logFile() + ".");
        }));
        MainWindow.applyTheme();
        ProgressIndicator spin = new ProgressIndicator();
        Label what = new Label(config.embeddedDatabase()
                ? "Starting Invite Desk… (starting the demo database in " + config.dataDir() + ")"
                : "Starting Invite Desk… (connecting to the database)");
        what.setWrapText(true);
        VBox box = new VBox(16, spin, what);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(40));
        stage.setScene(new Scene(box, 1180, 760));
        stage.setTitle("Invite Desk — Send Bulk Customer Portal Invites");
        MainWindow.icons(stage);
        MainWindow.restoreBounds(stage);
        stage.show();
        LOG.info("Window shown {} ms after JVM start", (System.nanoTime() - Launcher.JVM_START) / 1_000_000);
        warmUp();
        FxUiExecutor executor = new FxUiExecutor();
        executor.run(() -> {
            Backend b = Backend.start(config, true);
            return new Object[]{b, b.sends().unfinished()};
        }, r -> {
            backend = (Backend) r[0];
            @SuppressWarnings("unchecked") List<Batch> unfinished = (List<Batch>) r[1];
            BulkInviteView view = MainWindow.show(stage, backend, executor);
            LOG.info("Main screen ready {} ms after JVM start", (System.nanoTime() - Launcher.JVM_START) / 1_000_000);
            if (!unfinished.isEmpty()) Platform.runLater(() -> MainWindow.offerResume(backend, view, stage, unfinished));
        }, e -> {
            spin.setVisible(false);
            what.setText("Invite Desk could not start.\n\n" + Messages.of(e) + "\n\nCheck the database settings in "
                    + config.configFile() + " (or --db-url), then start again. The log is at " + config.logFile() + ".");
            what.setId("startupError");
        });
    }

    /**
     * While another thread connects to the database, load on a second core the classes the main
     * screen needs (Guice, the views, ControlsFX, FXML): start-up is mostly class loading.
     * Loading only; nothing here touches the scene graph.
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                com.google.inject.Guice.createInjector(binder -> { });
                ClassLoader cl = InviteDeskApplication.class.getClassLoader();
                for (String name : new String[]{"javafx.fxml.FXMLLoader", "org.controlsfx.control.SearchableComboBox",
                        "org.controlsfx.control.Notifications", "org.invitedesk.ui.invite.BulkInviteView",
                        "org.invitedesk.ui.invite.BulkInviteViewModel", "org.invitedesk.ui.UiModule",
                        "org.invitedesk.ui.common.FxmlViewLoader", "javafx.scene.control.MenuBar",
                        "javafx.scene.control.ProgressBar", "javafx.scene.control.Hyperlink", "javafx.scene.control.CheckBox"}) {
                    Class.forName(name, false, cl);
                }
            } catch (Throwable ignored) {
                // only a head start: whatever is not loaded here is loaded when needed
            }
        }, "warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    @Override
    public void stop() {
        if (backend != null) backend.close();
        Platform.exit();
        System.exit(0);
    }
}

package org.invitedesk.ui;

import atlantafx.base.theme.PrimerLight;
import com.google.inject.Guice;
import com.google.inject.Injector;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.invitedesk.app.Backend;
import org.invitedesk.domain.Batch;
import org.invitedesk.ui.common.FxmlViewLoader;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.invite.BulkInviteView;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.prefs.Preferences;

/** Builds the main screen into a stage. Used by the application and by the UI tests. */
public final class MainWindow {
    private MainWindow() { }

    public static void applyTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    public static BulkInviteView show(Stage stage, Backend backend, UiExecutor executor) {
        Injector injector = Guice.createInjector(new UiModule(backend, stage, executor));
        FxmlViewLoader.Loaded<BulkInviteView> loaded = new FxmlViewLoader(injector)
                .load(BulkInviteView.class, "BulkInviteView.fxml");
        javafx.scene.layout.BorderPane shell = new javafx.scene.layout.BorderPane(loaded.root());
        shell.setTop(menuBar(stage, backend, loaded.controller()));
        Scene scene = new Scene(shell, 1180, 790);
        scene.getStylesheets().add(BulkInviteView.class.getResource("bulk-invite.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Invite Desk — Send Bulk Customer Portal Invites");
        stage.setMinWidth(1000);
        stage.setMinHeight(680);
        icons(stage);
        BulkInviteView view = loaded.controller();
        stage.setOnCloseRequest(e -> {
            if (view.viewModel().sending().get()) {
                Alert a = new Alert(Alert.AlertType.CONFIRMATION,
                        "A send is running. Close anyway? It stops safely; what is not sent stays queued and is offered for resume at the next start.",
                        ButtonType.OK, ButtonType.CANCEL);
                a.initOwner(stage);
                if (a.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) e.consume();
                else view.viewModel().cancelSend();
            }
        });
        view.viewModel().load();
        return view;
    }

    static javafx.scene.control.MenuBar menuBar(Stage stage, Backend backend, BulkInviteView view) {
        javafx.scene.control.MenuItem quit = new javafx.scene.control.MenuItem("Quit");
        quit.setOnAction(e -> stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        javafx.scene.control.MenuItem templates = new javafx.scene.control.MenuItem("Notification Templates…");
        templates.setOnAction(e -> view.viewModel().openTemplates());
        javafx.scene.control.MenuItem about = new javafx.scene.control.MenuItem("About Invite Desk");
        about.setId("aboutMenuItem");
        about.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, aboutText(backend), ButtonType.OK);
            a.initOwner(stage);
            if (a.getDialogPane().getScene().getWindow() instanceof Stage st) st.getIcons().setAll(stage.getIcons());
            a.setTitle("About Invite Desk");
            a.setHeaderText("Invite Desk " + version());
            a.getDialogPane().setId("aboutDialog");
            a.show();
        });
        javafx.scene.control.MenuBar bar = new javafx.scene.control.MenuBar(
                new javafx.scene.control.Menu("_File", null, quit),
                new javafx.scene.control.Menu("_Setup", null, templates),
                new javafx.scene.control.Menu("_Help", null, about));
        bar.setId("menuBar");
        return bar;
    }

    /** What Help → About shows: versions and where things are. Never a password. */
    public static String aboutText(Backend b) {
        org.invitedesk.app.AppConfig c = b.config();
        return "Version " + version() + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n"
                + "JavaFX " + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "?")) + "\n"
                + "Signed in as " + b.user() + "\n"
                + "Database: " + (b.usesEmbeddedDatabase() ? "embedded demo database in " + c.dataDir().resolve("pgdata")
                        : "PostgreSQL at " + org.invitedesk.data.Database.hostAndPort(c.dbUrl())) + "\n"
                + "Mail: " + (b.usesLocalSink() ? "local sink, messages saved in " + c.outboxDir() : b.mail().where()) + "\n"
                + "Data folder: " + c.dataDir() + "\n"
                + "Config file: " + c.configFile() + "\n"
                + "Log file: " + c.logFile();
    }

    public static String version() {
        try (InputStream in = MainWindow.class.getResourceAsStream("/org/invitedesk/version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }

    static void icons(Stage stage) {
        for (int size : new int[]{16, 24, 32, 48, 64, 128, 256, 512}) {
            try (InputStream in = MainWindow.class.getResourceAsStream("/org/invitedesk/icons/invite-desk-" + size + ".png")) {
                if (in != null) stage.getIcons().add(new Image(in));
            } catch (java.io.IOException ignored) {
                // an icon is decoration
            }
        }
    }

    /** Offers to resume batches left unfinished (a crash, a cancel, a server that was down). */
    public static void offerResume(Backend backend, BulkInviteView view, Stage owner, List<Batch> unfinished) {
        for (Batch b : unfinished) {
            String text = String.format("Batch %d (%s, %s, from %s) was not finished: %d still queued, %d in doubt, %d sent.%s",
                    b.id(), b.divisionCode(), b.templateName(), b.emailFrom(), b.remaining(), b.inDoubt(), b.sent(),
                    b.inDoubt() > 0 ? "\nRows in doubt were handed to the mail server when the app stopped; they may or may not have arrived."
                            + " They are not re-sent unless you say so (command: in-doubt " + b.id() + " --resend or --mark-sent)." : "");
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.YES, ButtonType.NO);
            a.initOwner(owner);
            a.setTitle("Unfinished send");
            a.setHeaderText("Resume batch " + b.id() + "?");
            if (b.remaining() > 0 && a.showAndWait().filter(x -> x == ButtonType.YES).isPresent()) {
                view.viewModel().resume(b.id());
                return;
            }
        }
    }

    static Preferences prefs() { return Preferences.userNodeForPackage(MainWindow.class); }

    static void restoreBounds(Stage stage) {
        Preferences p = prefs();
        double w = p.getDouble("w", 1180), h = p.getDouble("h", 760);
        stage.setWidth(Math.max(1000, w));
        stage.setHeight(Math.max(680, h));
        double x = p.getDouble("x", Double.NaN), y = p.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setOnHiding(e -> {
            p.putDouble("x", stage.getX());
            p.putDouble("y", stage.getY());
            p.putDouble("w", stage.getWidth());
            p.putDouble("h", stage.getHeight());
        });
    }
}

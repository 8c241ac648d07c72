package org.invitedesk.ui;

import atlantafx.base.theme.PrimerLight;
import com.google.inject.Injector;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.RuntimeInfo;
import org.invitedesk.ui.common.FxmlViewLoader;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteView;
import org.invitedesk.ui.invite.BulkInviteViewModel;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.prefs.Preferences;

/** Builds the main screen into a stage from the injector. Used by the application and by the UI tests. */
public final class MainWindow {
    private MainWindow() { }

    public static void applyTheme() {
        // the binary form of the theme: no 170 KB of CSS to parse at every start
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
    }

    /** Shows the main screen in {@code stage}; the injector holds a {@link UiModule} for that stage. */
    public static BulkInviteView show(Stage stage, Injector injector) {
        FxmlViewLoader.Loaded<BulkInviteView> loaded = injector.getInstance(FxmlViewLoader.class)
                .load(BulkInviteView.class, "BulkInviteView.fxml");
        WindowService windows = injector.getInstance(WindowService.class);
        BulkInviteView view = loaded.controller();
        BorderPane shell = new BorderPane(loaded.root());
        shell.setTop(menuBar(stage, windows, view.viewModel(), aboutText(injector.getInstance(RuntimeInfo.class),
                injector.getInstance(Login.class))));
        Scene scene = new Scene(shell, 1180, 790);
        scene.getStylesheets().add(FxmlViewLoader.stylesheet(BulkInviteView.class, "bulk-invite.css"));
        stage.setScene(scene);
        stage.setTitle("Invite Desk — Send Bulk Customer Portal Invites");
        stage.setMinWidth(1000);
        stage.setMinHeight(680);
        icons(stage);
        stage.setOnCloseRequest(e -> {
            boolean windowSends = view.viewModel().sending().get() && !view.viewModel().run().handedOff().get();
            if (windowSends && !windows.confirm("Close Invite Desk",
                    "A send is running. Close anyway? It stops safely; what is not sent stays queued and is offered for resume at the next start.",
                    "Close")) {
                e.consume();
            } else if (windowSends) {
                view.viewModel().cancelSend();
            }
        });
        view.viewModel().load();
        return view;
    }

    static MenuBar menuBar(Stage stage, WindowService windows, BulkInviteViewModel vm, String about) {
        MenuItem quit = new MenuItem("Quit");
        quit.setOnAction(e -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        MenuItem batches = new MenuItem("_Batches…");
        batches.setId("batchesMenuItem");
        batches.setOnAction(e -> vm.openBatches());
        MenuItem templates = new MenuItem("Notification Templates…");
        templates.setOnAction(e -> vm.openTemplates());
        MenuItem aboutItem = new MenuItem("About Invite Desk");
        aboutItem.setId("aboutMenuItem");
        aboutItem.setOnAction(e -> windows.showInformation("aboutDialog", "About Invite Desk", "Invite Desk " + version(), about));
        MenuBar bar = new MenuBar(new Menu("_File", null, batches, quit), new Menu("_Setup", null, templates), new Menu("_Help", null, aboutItem));
        bar.setId("menuBar");
        return bar;
    }

    /** What Help → About shows: versions and where things are. Never a password. */
    static String aboutText(RuntimeInfo info, Login login) {
        return "Version " + version() + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n"
                + "JavaFX " + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "?")) + "\n"
                + "Signed in as " + login.name() + "\n"
                + "Database: " + info.database() + "\n"
                + "Mail: " + info.mail() + "\n"
                + "Data folder: " + info.dataDir() + "\n"
                + "Config file: " + info.configFile() + "\n"
                + "Log file: " + info.logFile();
    }

    public static String version() {
        try (InputStream in = MainWindow.class.getResourceAsStream("/org/invitedesk/version.properties")) {
            Properties p = new Properties();
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
            } catch (IOException ignored) {
                // an icon is decoration
            }
        }
    }

    /** Offers to resume batches left unfinished (a crash, a cancel, a server that was down). */
    static void offerResume(WindowService windows, BulkInviteViewModel vm, List<Batch> unfinished) {
        if (!vm.maySend().get()) {
            unfinished.stream().filter(b -> b.remaining() > 0).findFirst().ifPresent(b -> vm.status().set("Batch " + b.id()
                    + " is paused with " + b.remaining() + " still queued; a user with permission 390 can resume it."));
            return;
        }
        for (Batch b : unfinished) {
            String text = String.format("Batch %d (%s, %s, from %s) was not finished: %d still queued, %d in doubt, %d sent.%s",
                    b.id(), b.divisionCode(), b.templateName(), b.emailFrom(), b.remaining(), b.inDoubt(), b.sent(),
                    b.inDoubt() > 0 ? "\nRows in doubt were handed to the mail server when the app stopped; they may or may not"
                            + " have arrived. They are not re-sent unless someone decides so." : "");
            if (b.remaining() > 0 && windows.confirm("Resume batch " + b.id() + "?", text, "Resume")) {
                vm.resume(b.id());
                return;
            }
        }
    }

    /**
     * The window's last place and size made to fit {@code screen}: at least 1000×680 where the
     * screen has room, never larger than it, and wholly on it (a smaller screen than last time
     * must not cut off the Send button). NaN x/y: no place saved (the platform centres it).
     */
    static Rectangle2D fit(double x, double y, double w, double h, Rectangle2D screen) {
        double width = Math.min(Math.max(1000, w), screen.getWidth());
        double height = Math.min(Math.max(680, h), screen.getHeight());
        if (Double.isNaN(x) || Double.isNaN(y)) return new Rectangle2D(0, 0, width, height);
        double left = Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - width));
        double top = Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - height));
        return new Rectangle2D(left, top, width, height);
    }

    /** Of {@code screens}, the one that holds most of {@code window}; {@code primary} when none holds any. */
    static Rectangle2D screenFor(List<Rectangle2D> screens, Rectangle2D window, Rectangle2D primary) {
        return screens.stream().filter(sc -> overlap(sc, window) > 0)
                .max(java.util.Comparator.comparingDouble(sc -> overlap(sc, window))).orElse(primary);
    }

    /** The area two rectangles share. */
    static double overlap(Rectangle2D a, Rectangle2D b) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    static Preferences prefs() { return Preferences.userNodeForPackage(MainWindow.class); }

    static void restoreBounds(Stage stage) {
        Preferences p = prefs();
        double x = p.getDouble("x", Double.NaN), y = p.getDouble("y", Double.NaN);
        double w = p.getDouble("w", 1180), h = p.getDouble("h", 760);
        // the screen that held most of the window last time, if it is still there (a laptop taken off its monitor: the primary)
        Rectangle2D primary = javafx.stage.Screen.getPrimary().getVisualBounds();
        Rectangle2D screen = Double.isNaN(x) || Double.isNaN(y) ? primary
                : screenFor(javafx.stage.Screen.getScreens().stream().map(javafx.stage.Screen::getVisualBounds).toList(),
                        new Rectangle2D(x, y, Math.max(1, w), Math.max(1, h)), primary);
        Rectangle2D b = fit(x, y, w, h, screen);
        stage.setWidth(b.getWidth());
        stage.setHeight(b.getHeight());
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(b.getMinX());
            stage.setY(b.getMinY());
        }
        stage.setOnHiding(e -> {
            p.putDouble("x", stage.getX());
            p.putDouble("y", stage.getY());
            p.putDouble("w", stage.getWidth());
            p.putDouble("h", stage.getHeight());
        });
    }
}

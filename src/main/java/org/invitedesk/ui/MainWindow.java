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
        Scene scene = new Scene(loaded.root(), 1180, 760);
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

    static void icons(Stage stage) {
        for (int size : new int[]{16, 32, 48, 64, 128, 256}) {
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

package org.invitedesk.tools;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.domain.Division;
import org.invitedesk.ui.MainWindow;
import org.invitedesk.ui.UiModule;
import org.invitedesk.ui.common.FxUiExecutor;

import java.nio.file.Path;
import java.util.Map;

/**
 * For screenshots (not a test): the main window on a data folder at a given size, with a
 * division chosen, and optionally the Batches window open, or the send confirmation, or its Send at… dialog, or the Preview.
 * Run: java -cp ... org.invitedesk.tools.ShowScreens DATA_DIR WIDTH HEIGHT DIVISION [batches|confirm|sendat|invited|preview]
 */
public final class ShowScreens {
    static String[] args;

    public static void main(String[] a) {
        args = a;
        Application.launch(App.class, a);
    }

    public static class App extends Application {
        @Override
        public void start(Stage stage) {
            AppConfig cfg = new ConfigLoader(Map.of()).load(Path.of(args[0], "none.properties"), Map.of("data.dir", args[0]), false);
            AppStarter.Running app = AppStarter.start(cfg, true, new UiModule(stage, new FxUiExecutor()));
            MainWindow.applyTheme();
            MainWindow.show(stage, app.injector());
            stage.setWidth(Double.parseDouble(args[1]));
            stage.setHeight(Double.parseDouble(args[2]));
            stage.setX(0);
            stage.setY(0);
            stage.show();
            @SuppressWarnings("unchecked")
            ComboBox<Division> division = (ComboBox<Division>) stage.getScene().lookup("#division");
            Platform.runLater(() -> division.getItems().stream().filter(d -> d.code().equals(args[3])).findFirst()
                    .ifPresent(d -> division.getSelectionModel().select(d)));
            if (args.length > 4 && args[4].equals("batches")) {
                Platform.runLater(() -> ((javafx.scene.control.Button) stage.getScene().lookup("#batchesButton")).fire());
            }
            if (args.length > 4 && args[4].equals("invited")) {
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
                later.setOnFinished(e -> ((javafx.scene.control.Hyperlink) stage.getScene().lookup("#countInvitedNotAccepted")).fire());
                later.play();
            }
            if (args.length > 4 && args[4].equals("preview")) {
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(3));
                later.setOnFinished(e -> {
                    ((ComboBox<?>) stage.getScene().lookup("#template")).getSelectionModel().select(0);
                    ((javafx.scene.control.Button) stage.getScene().lookup("#preview")).fire();
                });
                later.play();
            }
            if (args.length > 4 && (args[4].equals("confirm") || args[4].equals("sendat"))) {
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(3));
                later.setOnFinished(e -> {
                    ((ComboBox<?>) stage.getScene().lookup("#template")).getSelectionModel().select(0);
                    javafx.animation.PauseTransition send = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
                    send.setOnFinished(x -> {
                        if (args[4].equals("sendat")) {
                            javafx.animation.PauseTransition at = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
                            at.setOnFinished(y -> javafx.stage.Window.getWindows().stream()
                                    .map(w -> w.getScene().lookup("#confirmSendDialog")).filter(java.util.Objects::nonNull).findFirst()
                                    .ifPresent(d -> ((javafx.scene.control.DialogPane) d).getButtonTypes().stream()
                                            .filter(b -> b.getText().startsWith("Send at")).findFirst()
                                            .ifPresent(b -> ((javafx.scene.control.Button) ((javafx.scene.control.DialogPane) d).lookupButton(b)).fire())));
                            at.play();
                        }
                        ((javafx.scene.control.Button) stage.getScene().lookup("#send")).fire();
                    });
                    send.play();
                });
                later.play();
            }
        }
    }
}

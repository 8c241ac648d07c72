package org.invitedesk.tools;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.invitedesk.app.AppConfig;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.ui.MainWindow;
import org.invitedesk.ui.common.FxUiExecutor;

import java.nio.file.Path;
import java.util.Map;

/**
 * For screenshots of the documentation: the main window on the embedded demo database with the
 * templates window open over it. Run: java -cp ... org.invitedesk.tools.ShowTemplatesWindow DATA_DIR [broken]
 * ({@code broken}: an unclosed directive typed into the HTML body after 4 s, to show the error and the older preview;
 * {@code longsubject}: 200 more characters typed into the subject)
 */
public class ShowTemplatesWindow {
    static String dir;

    public static void main(String[] args) {
        dir = args.length > 0 ? args[0] : "target/show-templates";
        Application.launch(App.class, args);
    }

    public static class App extends Application {

    @Override
    public void start(Stage stage) {
        AppConfig cfg = new ConfigLoader(Map.of()).load(Path.of(dir, "none.properties"), Map.of("data.dir", dir), false);
        AppStarter.Running b = AppStarter.start(cfg, true, new org.invitedesk.ui.UiModule(stage, new FxUiExecutor()));
        MainWindow.applyTheme();
        MainWindow.show(stage, b.injector());
        stage.show();
        Platform.runLater(() -> ((javafx.scene.control.Button) stage.getScene().lookup("#templatesButton")).fire());
        if (getParameters().getRaw().contains("broken")) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
            later.setOnFinished(e -> javafx.stage.Window.getWindows().stream()
                    .map(w -> w.getScene().lookup("#templateHtml")).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(n -> ((javafx.scene.control.TextArea) n).appendText("\n#if($contact.firstName) unclosed")));
            later.play();
        }
        if (getParameters().getRaw().contains("longsubject")) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
            later.setOnFinished(e -> javafx.stage.Window.getWindows().stream()
                    .map(w -> w.getScene().lookup("#templateSubject")).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(n -> ((javafx.scene.control.TextField) n).appendText(" " + "long ".repeat(40))));
            later.play();
        }
    }
    }
}

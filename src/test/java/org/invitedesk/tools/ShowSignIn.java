package org.invitedesk.tools;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.invitedesk.ui.InviteDeskApplication;

/**
 * For screenshots (not a test): the sign-in form of a configured database that asks for a
 * password, after one refused try. Run: java -cp ... org.invitedesk.tools.ShowSignIn WIDTH HEIGHT
 */
public final class ShowSignIn {
    static String[] args;

    public static void main(String[] a) {
        args = a;
        Application.launch(App.class, a);
    }

    public static class App extends Application {
        @Override
        public void start(Stage stage) {
            InviteDeskApplication.prepare(new InviteDeskApplication.Launch() {
                @Override public String startingText() { return "Starting Invite Desk… (connecting to the database)"; }
                @Override public String whatToCheck() { return ""; }
                @Override public String logFile() { return ""; }
                @Override public boolean mayAskToSignIn() { return true; }
                @Override public String loginHint() { return "alice"; }
                @Override public com.google.inject.Injector start(com.google.inject.Module ui) {
                    throw new IllegalStateException(new java.sql.SQLException("password authentication failed", "28P01"));
                }
                @Override public void onSignal(java.util.function.IntSupplier work) { }
                @Override public void stop() { }
            });
            new InviteDeskApplication().start(stage);
            stage.setWidth(Double.parseDouble(args[0]));
            stage.setHeight(Double.parseDouble(args[1]));
            stage.setX(0);
            stage.setY(0);
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
            later.setOnFinished(e -> {
                ((javafx.scene.control.PasswordField) stage.getScene().lookup("#passwordField")).setText("secret");
                ((javafx.scene.control.Button) stage.getScene().lookup("#signInButton")).fire();
            });
            later.play();
            Platform.setImplicitExit(true);
        }
    }
}

package org.invitedesk.ui;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The sign-in form of a configured database that asks for a password: login, password and
 * "Remember me". Signing in runs in the background (the caller's start); while it runs the form
 * is disabled, and a refusal says so and asks again, keeping the login.
 */
final class SignInForm {
    /** What the form hands on: the start with these credentials. */
    interface Submit {
        void signIn(String login, String password, boolean remember);
    }

    @FXML private Parent root;
    @FXML private TextField loginField;
    @FXML private PasswordField passwordField;
    @FXML private CheckBox rememberBox;
    @FXML private Label signInMessage;
    @FXML private ProgressIndicator signInBusy;
    @FXML private Button signInButton;
    @FXML private Button quitButton;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final Submit submit;

    SignInForm(String loginHint, Submit submit) {
        this.submit = submit;
        FXMLLoader loader = new FXMLLoader(SignInForm.class.getResource("SignInForm.fxml"));
        loader.setController(this);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load SignInForm.fxml: " + e.getMessage(), e);
        }
        loginField.setText(loginHint == null ? "" : loginHint);
        loginField.disableProperty().bind(busy);
        passwordField.disableProperty().bind(busy);
        rememberBox.disableProperty().bind(busy);
        signInButton.disableProperty().bind(busy);
        quitButton.disableProperty().bind(busy); // the start under way finishes first (stopping waits for it)
        signInBusy.visibleProperty().bind(busy);
    }

    Parent root() { return root; }

    void focus() {
        Platform.runLater(() -> (loginField.getText().isBlank() ? loginField : passwordField).requestFocus());
    }

    /** The database refused the login and password just tried. */
    void refused(String login) {
        busy.set(false);
        signInMessage.setText("The database did not accept the login '" + login + "' with that password. "
                + "Check both (the password is case-sensitive), then sign in again.");
        passwordField.clear();
        passwordField.requestFocus();
    }

    /** The start failed for another reason (no such login, not allowed in, the server's rules): said here, so the person can try again. */
    void failed(String message) {
        busy.set(false);
        signInMessage.setText(message);
        loginField.requestFocus();
    }

    @FXML
    void onSignIn() {
        String login = loginField.getText() == null ? "" : loginField.getText().strip();
        if (login.isEmpty()) {
            signInMessage.setText("Enter your database login.");
            loginField.requestFocus();
            return;
        }
        if (passwordField.getText().isEmpty()) {
            signInMessage.setText("Enter your password.");
            passwordField.requestFocus();
            return;
        }
        signInMessage.setText("");
        busy.set(true);
        submit.signIn(login, passwordField.getText(), rememberBox.isSelected());
    }

    @FXML
    void onQuit() { Platform.exit(); }
}

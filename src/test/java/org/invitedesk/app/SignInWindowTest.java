package org.invitedesk.app;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Login;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.ui.InviteDeskApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured database that asks for a password and a configuration that holds none: the window
 * opens with the sign-in form; a wrong password is refused and asked again; the right one opens
 * the main window, and "Remember me" keeps it in a file only its owner may read, which the next
 * start uses without asking. Unticked, it is forgotten.
 */
@ExtendWith(ApplicationExtension.class)
class SignInWindowTest {
    static final String LOGIN = "signer_" + ProcessHandle.current().pid();
    static final String PASSWORD = "Correct Horse 7";
    static String url;
    @TempDir static Path dir;
    AppConfig config;
    WindowLaunch launch;

    @BeforeAll
    static void database() throws Exception {
        url = TestPostgres.newDatabaseUrl().replaceAll("[?&]user=[^&]*", "");
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            Fixture.load(db);
            TestPostgres.exec(db, "SELECT invite_grant('" + LOGIN + "', 'Sig Ner', ARRAY[390], false)",
                    "ALTER ROLE " + LOGIN + " PASSWORD '" + PASSWORD + "'");
            // this login (only) must give a password: the lines go before the test server's "trust"
            Path hba = Path.of(TestPostgres.queryString(db, "SHOW hba_file"));
            String lines = "host all " + LOGIN + " 127.0.0.1/32 scram-sha-256\nhost all " + LOGIN + " ::1/128 scram-sha-256\n";
            Files.writeString(hba, lines + Files.readString(hba));
            TestPostgres.exec(db, "SELECT pg_reload_conf()");
        }
    }

    @Start
    void start(Stage stage) {
        config = new ConfigLoader(Map.of()).load(dir.resolve("invite-desk.properties"),
                Map.of("data.dir", dir.resolve("data").toString(), "db.url", url, "db.user", LOGIN, "smtp.host", "127.0.0.1"), false);
        launch = new WindowLaunch(config);
        InviteDeskApplication.prepare(launch);
        new InviteDeskApplication().start(stage);
    }

    @AfterEach
    void stop() { launch.stop(); }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c);
    }

    int command(java.io.ByteArrayOutputStream err, String... args) {
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("--config", config.configFile().toString(),
                    "--data-dir", dir.resolve("data").toString(), "--db-url", url, "--db-user", LOGIN));
            all.addAll(java.util.List.of(args));
            return org.invitedesk.support.TestApp.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void asksForThePasswordRefusesAWrongOneAndRemembersTheRightOneWhenAsked(FxRobot robot) throws Exception {
        // a command without a password: one line saying what to give, exit 2
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertThat(command(err, "divisions")).isEqualTo(2);
        assertThat(err.toString()).contains("did not accept the sign-in").contains("Remember me").doesNotContain("Exception");

        waitFor(() -> robot.lookup("#passwordField").tryQuery().isPresent());
        assertThat(robot.lookup("#loginField").queryAs(TextField.class).getText()).isEqualTo(LOGIN);

        // a login the database does not know: the form says why, and stays
        robot.interact(() -> robot.lookup("#loginField").queryAs(TextField.class).setText("no_such_login_" + LOGIN));
        robot.clickOn("#passwordField").write("anything");
        robot.clickOn("#signInButton");
        waitFor(() -> robot.lookup("#signInMessage").queryAs(Label.class).getText().contains("does not exist"));
        assertThat(robot.lookup("#signInButton").queryAs(javafx.scene.control.Button.class).isDisabled()).isFalse();
        robot.interact(() -> {
            robot.lookup("#loginField").queryAs(TextField.class).setText(LOGIN);
            robot.lookup("#passwordField").queryAs(PasswordField.class).clear();
        });

        robot.clickOn("#passwordField").write("wrong");
        robot.clickOn("#signInButton");
        waitFor(() -> robot.lookup("#signInMessage").queryAs(Label.class).getText().contains("did not accept"));
        assertThat(robot.lookup("#signInMessage").queryAs(Label.class).getText())
                .contains("'" + LOGIN + "'").doesNotContain("wrong").doesNotContain("Exception");
        assertThat(robot.lookup("#passwordField").queryAs(PasswordField.class).getText()).isEmpty();

        robot.clickOn("#passwordField").write(PASSWORD);
        robot.interact(() -> robot.lookup("#rememberBox").queryAs(CheckBox.class).setSelected(true));
        robot.clickOn("#signInButton");
        waitFor(() -> robot.lookup("#division").tryQuery().isPresent());

        Path kept = SavedSignIn.beside(config.configFile()).file();
        assertThat(kept).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        assertThat(new SavedSignIn(kept).load(url)).hasValueSatisfying(c -> assertThat(c.login()).isEqualTo(LOGIN));
        assertThat(new SavedSignIn(kept).load(url + "x")).as("another database's").isEmpty();

        // commands use what was kept too
        assertThat(command(new java.io.ByteArrayOutputStream(), "divisions")).isZero();
        // the next start signs in with what was kept, without asking, as that login
        WindowLaunch next = new WindowLaunch(config);
        try {
            assertThat(next.start(binder -> { }).getInstance(Login.class).name()).isEqualTo(LOGIN);
        } finally {
            next.stop();
        }
        // a sign-in typed without "Remember me" forgets what was kept
        WindowLaunch forgetful = new WindowLaunch(config);
        forgetful.signInWith(LOGIN, PASSWORD, false);
        try {
            forgetful.start(binder -> { });
        } finally {
            forgetful.stop();
        }
        assertThat(kept).doesNotExist();
    }
}

package org.invitedesk.ui;

import com.google.inject.Injector;
import com.google.inject.Module;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.Failures;
import org.invitedesk.service.send.Batches;
import org.invitedesk.ui.common.FxUiExecutor;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The window. It shows at once, then starts the app in the background (the embedded default
 * takes a few seconds on first start); a failure shows what to check.
 */
public class InviteDeskApplication extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(InviteDeskApplication.class);
    private static Launch launch;

    /** What the launcher gives the window: what to say while starting, and the start itself. */
    public interface Launch {
        String startingText();

        /** One sentence after a failed start: where the settings are and where the log is. */
        String whatToCheck();

        String logFile();

        /** Starts the app (slow; never on the FX thread) and returns its injector, which installs {@code ui}. */
        Injector start(Module ui);

        /**
         * Whether the database may ask this person to sign in: a configured database with no
         * password in the configuration. The window first tries without asking (a password kept
         * by "Remember me", Kerberos, a trusted host), and asks only when the database refuses.
         */
        default boolean mayAskToSignIn() { return false; }

        /** The login the sign-in form offers first. */
        default String loginHint() { return ""; }

        /** The login and password the next {@link #start} signs in with; {@code remember}: keep them for this person alone. */
        default void signInWith(String login, String password, boolean remember) { }

        /** Runs {@code work} when the process is asked to stop, before the database closes; it returns the exit code (-1: none). */
        void onSignal(java.util.function.IntSupplier work);

        void stop();
    }

    public static void open(Launch l) {
        prepare(l);
        Application.launch(InviteDeskApplication.class);
    }

    /** The launch the next {@link #start} uses (the window's tests start it on a stage of their own). */
    public static void prepare(Launch l) { launch = l; }

    @Override
    public void start(Stage stage) {
        MainWindow.applyTheme();
        ProgressIndicator spin = new ProgressIndicator();
        Label what = new Label(launch.startingText());
        what.setWrapText(true);
        VBox box = new VBox(16, spin, what);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(40));
        stage.setScene(new Scene(box, 1180, 760));
        stage.setTitle("Invite Desk — Send Bulk Customer Portal Invites");
        MainWindow.icons(stage);
        MainWindow.restoreBounds(stage);
        stage.show();
        LOG.info("Window shown {} ms after the process started", org.invitedesk.ui.common.ProcessClock.millisSinceStart());
        Warmup.start();
        FxUiExecutor executor = new FxUiExecutor();
        SignInForm[] form = {null};
        Consumer<Runnable> startApp = new Consumer<>() {
            @Override
            public void accept(Runnable onRefused) {
                executor.run(() -> {
                    Injector injector = launch.start(new UiModule(stage, executor));
                    return new Started(injector, injector.getInstance(Batches.class).unfinishedAfterSettling());
                }, started -> show(stage, started), e -> {
                    if (launch.mayAskToSignIn() && Failures.isSignInRefused(e)) {
                        onRefused.run();
                        return;
                    }
                    if (form[0] != null) { // after a sign-in typed into the form: say why there, and let them try again
                        form[0].failed(Messages.of(e));
                        return;
                    }
                    stage.getScene().setRoot(box);
                    spin.setVisible(false);
                    what.setText("Invite Desk could not start.\n\n" + Messages.of(e) + "\n\n" + launch.whatToCheck());
                    what.setId("startupError");
                });
            }
        };
        // the database refused to sign in without a password (or with the one kept): the form asks for one
        Runnable askToSignIn = () -> {
            if (form[0] == null) {
                form[0] = new SignInForm(launch.loginHint(), (login, password, remember) -> {
                    launch.signInWith(login, password, remember);
                    startApp.accept(() -> form[0].refused(login));
                });
                stage.getScene().setRoot(form[0].root());
                form[0].focus();
            } else {
                form[0].refused(launch.loginHint());
            }
        };
        startApp.accept(askToSignIn);
    }

    private record Started(Injector injector, List<Batch> unfinished) { }

    private void show(Stage stage, Started started) {
        WindowService windows = started.injector().getInstance(WindowService.class);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> Platform.runLater(() -> {
            LOG.error("Uncaught exception on {}", t.getName(), e);
            windows.showError(Messages.of(e) + " The log is at " + launch.logFile() + ".");
        }));
        BulkInviteView view = MainWindow.show(stage, started.injector());
        // asked to stop (SIGTERM, the session ending) during a send: it stops after its messages in flight and settles first
        launch.onSignal(() -> {
            if (!view.viewModel().sending().get()) return -1;
            Platform.runLater(() -> view.viewModel().cancelSend());
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
            while (view.viewModel().sending().get() && System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return -1;
        });
        LOG.info("Main screen built {} ms after the process started", org.invitedesk.ui.common.ProcessClock.millisSinceStart());
        // usable: the divisions are listed (they load in the background)
        javafx.collections.ListChangeListener<Object> listed = new javafx.collections.ListChangeListener<>() {
            @Override public void onChanged(Change<?> c) {
                view.viewModel().divisions().removeListener(this);
                LOG.info("Main screen ready {} ms after the process started", org.invitedesk.ui.common.ProcessClock.millisSinceStart());
            }
        };
        view.viewModel().divisions().addListener(listed);
        if (!started.unfinished().isEmpty()) {
            // once the user's permissions are in: offered before, it took everyone for a user who may not send
            view.viewModel().whenLoaded(() -> Platform.runLater(() -> MainWindow.offerResume(windows, view.viewModel(), started.unfinished())));
        }
    }

    @Override
    public void stop() {
        launch.stop();
        Platform.exit();
        System.exit(0);
    }
}

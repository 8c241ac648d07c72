package org.invitedesk.app;

import com.google.inject.Injector;
import com.google.inject.Module;
import org.invitedesk.ui.InviteDeskApplication;

/** How the window starts the app: what to say while it starts, and the start itself (off the FX thread). */
final class WindowLaunch implements InviteDeskApplication.Launch {
    private final AppConfig configured;
    private final SavedSignIn saved;
    private AppConfig config;
    private boolean remember;
    private boolean typed;
    private AppStarter.Running running;
    private org.invitedesk.portal.LocalPortal portal;
    /** The database, schema check and mail, started at once for the first configuration tried, while JavaFX starts. */
    private final AppConfig earlyConfig;
    private final java.util.concurrent.FutureTask<Infrastructure> early;
    private boolean earlyTaken;
    /** Guards {@link #stopped} between the early start's thread and {@link #stop} (not {@code this}: {@link #start} waits for that thread holding it). */
    private final Object earlyLock = new Object();
    private boolean stopped;
    /** What the early start made, until the window takes it or {@link #stop} closes it (guarded by {@link #earlyLock}). */
    private Infrastructure earlyResult;

    WindowLaunch(AppConfig config) {
        this.configured = config;
        this.config = config;
        this.saved = SavedSignIn.beside(config.configFile());
        // a sign-in kept by "Remember me" for this database is tried first
        if (mayAskToSignIn()) {
            this.config = AppStarter.withKeptSignIn(config);
        }
        earlyConfig = this.config;
        early = new java.util.concurrent.FutureTask<>(() -> {
            Infrastructure started = Infrastructure.start(earlyConfig);
            synchronized (earlyLock) {
                if (stopped) { // the window closed meanwhile
                    started.close();
                    return null;
                }
                earlyResult = started;
            }
            return started;
        });
        Thread t = new Thread(early, "start-infrastructure");
        t.setDaemon(true);
        t.start();
    }

    /** The infrastructure for {@link #config}: the one started early when the configuration is still that one, else a new one. */
    private Infrastructure infrastructure() {
        if (earlyTaken || config != earlyConfig) return Infrastructure.start(config);
        earlyTaken = true;
        try {
            Infrastructure started = early.get();
            if (started == null) throw new IllegalStateException("Invite Desk is closing");
            return started;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean mayAskToSignIn() { return !configured.embeddedDatabase() && configured.dbPassword() == null; }

    @Override
    public synchronized String loginHint() {
        if (config.dbUser() != null) return config.dbUser();
        return configured.user() != null ? configured.user() : System.getProperty("user.name", "");
    }

    @Override
    public synchronized void signInWith(String login, String password, boolean remember) {
        this.config = configured.withDatabase(configured.dbUrl(), login, password);
        this.remember = remember;
        this.typed = true;
    }

    @Override
    public String startingText() {
        return config.embeddedDatabase()
                ? "Starting Invite Desk… (starting the demo database in " + config.dataDir() + ")"
                : "Starting Invite Desk… (connecting to the database)";
    }

    @Override
    public String whatToCheck() {
        if (config.embeddedDatabase()) {
            return "If another copy of Invite Desk, or a sender service (serve), uses the data folder " + config.dataDir()
                    + ", close it or start this one with its own --data-dir. The log is at " + config.logFile() + ".";
        }
        return "Check the database settings in " + config.configFile() + ", then start again. The log is at " + config.logFile() + ".";
    }

    @Override
    public String logFile() { return config.logFile().toString(); }

    @Override
    public synchronized Injector start(Module ui) {
        running = AppStarter.start(infrastructure(), config, true, ui);
        if (typed) keepOrForgetSignIn();
        if (config.embeddedDatabase() && config.portalPort() > 0) {
            // the demo's invitation links open a local stand-in for the portal (README, quick start)
            portal = org.invitedesk.portal.LocalPortal.start(running.injector().getInstance(org.invitedesk.service.PortalService.class),
                    config.portalPort());
            // (AppStarter pointed the demo's links at it)
        }
        return running.injector();
    }

    /** After a sign-in typed into the form worked: kept when "Remember me" was ticked, else forgotten. */
    private void keepOrForgetSignIn() {
        if (!remember) {
            saved.forget();
            return;
        }
        try {
            saved.save(config.dbUrl(), config.dbUser(), config.dbPassword());
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(WindowLaunch.class).warn("Cannot keep the sign-in in {}: {}", saved.file(), e.getMessage());
        }
    }

    @Override
    public void onSignal(java.util.function.IntSupplier work) {
        AppStarter.Running r;
        synchronized (this) { r = running; }
        if (r != null) r.infrastructure().onSignal(work);
    }

    @Override
    public synchronized void stop() {
        if (portal != null) portal.close();
        portal = null;
        if (running != null) running.close();
        running = null;
        // closed before the window used what was started early: that closes too, now or when its start ends;
        // the process exits right after this, so a start still under way is waited for rather than left half-done
        if (!earlyTaken) {
            synchronized (earlyLock) {
                stopped = true;
                if (earlyResult != null) {
                    earlyResult.close();
                    earlyResult = null;
                }
            }
            try {
                early.get(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception startFailedOrTooSlow) {
                // it did not start, so nothing is open; or it is stuck, and the watchdog stops its server after the process
            }
        }
    }
}

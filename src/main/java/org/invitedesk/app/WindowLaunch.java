package org.invitedesk.app;

import com.google.inject.Injector;
import com.google.inject.Module;
import org.invitedesk.ui.InviteDeskApplication;

/** How the window starts the app: what to say while it starts, and the start itself (off the FX thread). */
final class WindowLaunch implements InviteDeskApplication.Launch {
    private final AppConfig config;
    private AppStarter.Running running;
    private org.invitedesk.portal.LocalPortal portal;

    WindowLaunch(AppConfig config) { this.config = config; }

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
        running = AppStarter.start(config, true, ui);
        if (config.embeddedDatabase() && config.portalPort() > 0) {
            // the demo's invitation links open a local stand-in for the portal (README, quick start)
            portal = org.invitedesk.portal.LocalPortal.start(running.injector().getInstance(org.invitedesk.service.PortalService.class),
                    config.portalPort());
            // (AppStarter pointed the demo's links at it)
        }
        return running.injector();
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
        if (running != null) running.close();
    }
}

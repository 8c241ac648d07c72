package org.invitedesk.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import org.invitedesk.cli.GlobalOptions;
import org.invitedesk.cli.Starter;
import org.invitedesk.service.DemoDataService;

/** Starts the infrastructure and builds the injector, for the commands and the window alike. */
public final class AppStarter implements Starter {
    private final ConfigLoader loader;
    private AppConfig config;

    public AppStarter(ConfigLoader loader) { this.loader = loader; }

    /** The configuration the global options select (read once). */
    public synchronized AppConfig config(GlobalOptions options) {
        if (config == null) config = loader.load(options.configFile(), options.flags(), options.resetDemo());
        return config;
    }

    @Override
    public Started start(GlobalOptions options, boolean seedDemo) {
        Running r = start(withKeptSignIn(config(options)), seedDemo);
        return new Started() {
            @Override public Injector injector() { return r.injector(); }
            @Override public Runnable onSignal(java.util.function.IntSupplier work) { return r.infrastructure().onSignal(work); }
            @Override public void close() { r.close(); }
        };
    }

    /**
     * A command on a configured database with no password: the sign-in the person kept with
     * "Remember me" in the window, when it is for this database (and this login, if one is set).
     */
    static AppConfig withKeptSignIn(AppConfig c) {
        if (c.embeddedDatabase() || c.dbPassword() != null) return c;
        return SavedSignIn.beside(c.configFile()).load(c.dbUrl())
                .filter(k -> c.dbUser() == null || c.dbUser().equals(k.login()))
                .map(k -> c.withDatabase(c.dbUrl(), k.login(), k.password()))
                .orElse(c);
    }

    /** What a start made: the injector and what to stop at the end. */
    public record Running(Injector injector, Infrastructure infrastructure) implements AutoCloseable {
        @Override public void close() { infrastructure.close(); }
    }

    /** Where the embedded demo's local portal page answers: {@code http://127.0.0.1:PORT/portal/}. */
    static String localPortalBase(int port) { return "http://127.0.0.1:" + port + "/portal/"; }

    /**
     * Starts the database and mail, builds the one injector from {@link AppModule} (with the
     * front end's module, if any) and, on an empty embedded database, loads the demo data.
     */
    public static Running start(AppConfig config, boolean seedDemo, Module... frontEnds) {
        return start(Infrastructure.start(config), config, seedDemo, frontEnds);
    }

    /** As {@link #start(AppConfig, boolean, Module...)} on infrastructure already started for {@code config}; closes it if this fails. */
    static Running start(Infrastructure infra, AppConfig config, boolean seedDemo, Module... frontEnds) {
        try {
            Injector injector = Guice.createInjector(AppModule.of(infra, config, frontEnds));
            if (seedDemo && infra.usesEmbeddedDatabase()) {
                DemoDataService demo = injector.getInstance(DemoDataService.class);
                if (demo.isEmpty()) demo.load(config.demoAccounts(), 42);
                // the demo's invitation links open the local portal page the window serves (README, quick start)
                if (config.portalPort() > 0) demo.pointLinksAt(localPortalBase(config.portalPort()));
            }
            return new Running(injector, infra);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }
}

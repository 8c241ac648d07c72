package org.invitedesk.app;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import org.invitedesk.data.Database;
import org.invitedesk.data.PersistenceModule;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.RuntimeInfo;
import org.invitedesk.mail.MailModule;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.ServiceModule;
import org.invitedesk.template.TemplateModule;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: the one module the window, the commands and the tests build their
 * injector from. It installs the persistence, mail, template and service modules, and any
 * front-end module given (the window's {@code UiModule}).
 */
public final class AppModule extends AbstractModule {
    /** Who the app works for, where things are, the clock and how long invitations last. */
    public record Settings(Login login, RuntimeInfo info, Clock clock, int expiryDays) { }

    private final Database database;
    private final MailSettings mail;
    private final Settings settings;
    private final List<Module> frontEnds;

    public AppModule(Database database, MailSettings mail, Settings settings, Module... frontEnds) {
        this.database = database;
        this.mail = mail;
        this.settings = settings;
        this.frontEnds = List.of(frontEnds);
    }

    /** The module for what {@link Infrastructure} started, as configured. */
    public static AppModule of(Infrastructure infra, AppConfig config, Module... frontEnds) {
        return new AppModule(infra.database(), infra.mail(),
                new Settings(infra.login(), infra.info(), Clock.systemDefaultZone(), config.expiryDays()), frontEnds);
    }

    @Override
    protected void configure() {
        install(new PersistenceModule(database));
        install(new MailModule(mail));
        install(new TemplateModule());
        install(new ServiceModule(settings.clock(), settings.expiryDays()));
        bind(Login.class).toInstance(settings.login());
        bind(RuntimeInfo.class).toInstance(settings.info());
        frontEnds.forEach(this::install);
    }
}

package org.invitedesk.support;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import org.invitedesk.app.AppModule;
import org.invitedesk.app.AppStarter;
import org.invitedesk.app.ConfigLoader;
import org.invitedesk.cli.InviteDeskCommand;
import org.invitedesk.data.Database;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.RuntimeInfo;
import org.invitedesk.mail.MailSettings;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;

/** The app's own composition root ({@link AppModule}) over a test database and SMTP server. */
public final class TestApp {
    private TestApp() { }

    public static Injector injector(Database db, MailSettings mail, String login, Module... frontEnds) {
        return injector(db, mail, login, Clock.systemDefaultZone(), frontEnds);
    }

    /** With the clock the services read (a test moves it to cross a day without waiting one). */
    public static Injector injector(Database db, MailSettings mail, String login, Clock clock, Module... frontEnds) {
        Path data = Path.of(System.getProperty("invitedesk.test.dir", "target/test-data"));
        RuntimeInfo info = new RuntimeInfo("PostgreSQL at " + db.where(), mail.where(), data, data.resolve("invite-desk.properties"),
                data.resolve("logs").resolve("invite-desk.log"));
        return Guice.createInjector(new AppModule(db, mail, new AppModule.Settings(new Login(login), info, clock, 14),
                frontEnds));
    }

    /** One service (or any injected class) over a test database, with no SMTP server. */
    public static <T> T get(Database db, Class<T> type) {
        return injector(db, MailSettings.plain("127.0.0.1", 1), "demo").getInstance(type);
    }

    /** The command line as the launcher builds it. */
    public static CommandLine commandLine() {
        return InviteDeskCommand.commandLine(new AppStarter(ConfigLoader.fromSystem()));
    }
}

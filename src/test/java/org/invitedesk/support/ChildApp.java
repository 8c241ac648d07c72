package org.invitedesk.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The app's command line in its own JVM, as a server or a second desktop would run it, against a test database and SMTP port. */
public final class ChildApp {
    private ChildApp() { }

    /** {@code java -cp … Launcher --db-url URL … --smtp-port PORT COMMAND…}, signed in as demo. */
    public static List<String> command(String url, Path dataDir, int smtpPort, String... command) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.invitedesk.app.Launcher",
                "--db-url", url, "--db-user", "postgres", "--user", "demo", "--data-dir", dataDir.toString(),
                "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(smtpPort)));
        cmd.addAll(List.of(command));
        return cmd;
    }
}

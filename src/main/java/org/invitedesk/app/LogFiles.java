package org.invitedesk.app;

import java.nio.file.Path;

/** Logs go to a file in the data folder; the console gets warnings only, so JSON output stays clean. */
final class LogFiles {
    static final String PROPERTY = "invitedesk.log.dir";
    /** As the folder: log nothing (the installer's steps, which must leave no file behind). */
    static final String NONE = "none";

    private LogFiles() { }

    /** Must run before the first logger is made: logback reads the folder once, when it starts. */
    static void useFolder(Path logs) {
        if (System.getProperty(PROPERTY) == null) System.setProperty(PROPERTY, logs.toAbsolutePath().toString());
    }
}

package org.invitedesk.domain;

import java.nio.file.Path;

/** Where things are, for Help → About and for messages that say where to look. Never a password. */
public record RuntimeInfo(String database, String mail, Path dataDir, Path configFile, Path logFile) {
}

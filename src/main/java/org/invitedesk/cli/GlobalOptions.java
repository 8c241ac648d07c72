package org.invitedesk.cli;

import java.nio.file.Path;
import java.util.Map;

/** The options given before any command: a config file, the flags that override it, and whether to reset the demo. */
public record GlobalOptions(Path configFile, Map<String, String> flags, boolean resetDemo) {
}

package org.invitedesk.app;

import org.invitedesk.domain.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration: file < environment < flags; secrets kept out of messages; a password file must be the owner's alone. */
class ConfigLoaderTest {
    static Path file(Path dir, String text, String perms) throws Exception {
        Path f = dir.resolve("invite-desk.properties");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void aPasswordFileReadableByOthersIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path f = file(dir, "db.url=jdbc:postgresql://db:5432/billing\ndb.password=Sup3rSecret\n", "rw-r--r--");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(f, Map.of(), false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("chmod 600")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sup3rSecret"));
    }

    @Test
    void anOwnerOnlyPasswordFileIsReadAndThePasswordNeverPrinted(@TempDir Path dir) throws Exception {
        Path f = file(dir, "db.url=jdbc:postgresql://db:5432/billing\ndb.password=Sup3rSecret\nsmtp.password=M4ilSecret\n", "rw-------");
        AppConfig c = new ConfigLoader(Map.of()).load(f, Map.of(), false);
        assertThat(c.dbPassword()).isEqualTo("Sup3rSecret");
        assertThat(c.toString()).doesNotContain("Sup3rSecret").doesNotContain("M4ilSecret");
    }

    @Test
    void theEnvironmentOverridesTheFileAndFlagsOverrideBoth(@TempDir Path dir) throws Exception {
        Path f = file(dir, "smtp.host=file.example\nsmtp.port=2525\n", "rw-r--r--");
        AppConfig c = new ConfigLoader(Map.of("INVITE_DESK_SMTP_HOST", "env.example", "INVITE_DESK_DB_PASSWORD", "FromEnv"))
                .load(f, Map.of("smtp.port", "587"), false);
        assertThat(c.smtpHost()).isEqualTo("env.example");
        assertThat(c.smtpPort()).isEqualTo(587);
        assertThat(c.dbPassword()).isEqualTo("FromEnv");
    }
}

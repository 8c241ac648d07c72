package org.invitedesk.packaging;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The .deb's maintainer scripts (packaging/linux/resources), run as dpkg runs them but into a
 * folder (DPKG_ROOT), with an xdg-desktop-menu on the PATH that fails as the real one does on a
 * server with no menu directory. Installing and removing must succeed with or without a desktop.
 */
class DebianScriptsTest {
    static final Path SCRIPTS = Path.of("packaging/linux/resources");

    @TempDir Path root;
    @TempDir Path bin;
    Path calls;

    @BeforeEach
    void fakeMenuTool() throws Exception {
        calls = bin.resolve("calls.txt");
        Path tool = bin.resolve("xdg-desktop-menu");
        Files.writeString(tool, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n"
                + "[ -n \"$FAIL\" ] && { echo 'xdg-desktop-menu: No writable system menu directory found.' >&2; exit 3; }\nexit 0\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Result run(String script, String arg, boolean menuFails) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPTS.resolve(script).toString(), arg).redirectErrorStream(true);
        pb.environment().put("DPKG_ROOT", root.toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        if (menuFails) pb.environment().put("FAIL", "1");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    record Result(int code, String output) { }

    List<String> menuCalls() throws Exception { return Files.exists(calls) ? Files.readAllLines(calls) : List.of(); }

    @Test
    void withNoMenuDirectoryTheInstallAndTheRemovalSucceedAndTheMenuIsLeftAlone() throws Exception {
        Result in = run("postinst", "configure", true);
        assertThat(in.code()).as(in.output()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/invite-desk"))).isEqualTo(Path.of("/opt/invite-desk/bin/invite-desk"));
        assertThat(Files.readSymbolicLink(root.resolve("lib/systemd/system/invite-desk-sender.service")))
                .isEqualTo(Path.of("/opt/invite-desk/lib/app/invite-desk-sender.service"));
        assertThat(menuCalls()).as("no menu directory: the menu tool is not asked").isEmpty();

        Result prerm = run("prerm", "remove", true);
        assertThat(prerm.code()).as(prerm.output()).isZero();
        Result postrm = run("postrm", "purge", true);
        assertThat(postrm.code()).as(postrm.output()).isZero();
        assertThat(Files.exists(root.resolve("usr/bin/invite-desk"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("lib/systemd/system/invite-desk-sender.service"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void withADesktopTheMenuEntryIsAddedAndRemovedAndAFailingMenuToolNeverFailsThePackage() throws Exception {
        Files.createDirectories(root.resolve("etc/xdg/menus"));
        assertThat(run("postinst", "configure", false).code()).isZero();
        assertThat(menuCalls()).singleElement().asString().startsWith("install /opt/invite-desk/lib/invite-desk-invite-desk.desktop");
        assertThat(run("prerm", "remove", false).code()).isZero();
        assertThat(menuCalls()).last().asString().startsWith("uninstall ");

        Result failing = run("postinst", "configure", true);
        assertThat(failing.code()).as("a menu tool that fails leaves the package configured").isZero();
        assertThat(failing.output()).contains("no desktop menu entry added");
        assertThat(run("prerm", "remove", true).code()).isZero();
    }

    @Test
    void theUnitWaitsForItsConfigurationAndStopsWithSigterm() throws Exception {
        String unit = Files.readString(Path.of("packaging/linux/invite-desk-sender.service"));
        assertThat(unit).contains("ExecStart=/opt/invite-desk/bin/invite-desk serve", "ConditionPathExists=/etc/invite-desk/invite-desk.properties",
                "KillSignal=SIGTERM", "User=invite-desk");
        for (String s : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.readString(SCRIPTS.resolve(s))).as(s + " never enables the service").doesNotContain("systemctl enable");
        }
    }
}

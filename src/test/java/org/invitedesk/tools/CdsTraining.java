package org.invitedesk.tools;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.stage.Window;
import org.invitedesk.app.Launcher;

/**
 * The training run behind the installed app's class-data-sharing archive (packaging/README.md):
 * starts the app exactly as a user does (its own launcher, the embedded demo in a new data folder),
 * headless under Monocle, and uses the main screen as a person first does: chooses a division,
 * waits for the counts, opens a count's details, the preview and the templates window; then exits.
 * Run with {@code -XX:DumpLoadedClassList=FILE}, the JVM writes every class it loaded to FILE, and
 * the install makes the archive from that list. Not a test.
 * Run: java -XX:DumpLoadedClassList=FILE -cp TEST_CLASSPATH org.invitedesk.tools.CdsTraining DATA_DIR
 */
public final class CdsTraining {
    private CdsTraining() { }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 3 && args[0].equals("--keep-shipped")) {
            keepShipped(java.nio.file.Path.of(args[1]), java.nio.file.Path.of(args[2]));
            return;
        }
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        Thread driver = new Thread(() -> {
            int code = 0;
            try {
                drive();
            } catch (Throwable e) {
                System.err.println("CDS training failed, so the package build stops (the class list would miss the screens): " + e);
                code = 1;
            }
            System.exit(code);
        }, "cds-training");
        driver.setDaemon(true);
        driver.start();
        // its own data folder, and no one's config file (a person's could name a real database)
        Launcher.main(new String[] {"--data-dir", args[0], "--config", args[0] + "/none.properties"});
    }

    /**
     * The list without what the installed app does not hold (this tool, the headless platform, the
     * test libraries) or cannot archive by name (generated proxies), so the install's dump is quiet.
     */
    static void keepShipped(java.nio.file.Path raw, java.nio.file.Path out) throws java.io.IOException {
        java.util.List<String> kept = java.nio.file.Files.readAllLines(raw).stream()
                .filter(l -> !l.contains("org/invitedesk/tools/") && !l.contains("com/sun/glass/ui/monocle/")
                        && !l.contains("org/testfx/") && !l.contains("jdk/proxy") && !l.contains("$Proxy")
                        && !l.contains("$$FastClassByGuice$$") && !l.contains("$$EnhancerByGuice$$"))
                .toList();
        java.nio.file.Files.write(out, kept);
        System.out.println("CDS class list: " + kept.size() + " classes in " + out);
    }

    private static void drive() throws Exception {
        Node division = await("the main screen", () -> find("#division"), 180);
        onFx(() -> ((ComboBox<?>) division).getSelectionModel().select(0));
        await("the counts", () -> {
            Node n = find("#countWillReceive");
            return n instanceof Labeled l && l.getText() != null && l.getText().matches("[0-9,.]+") ? n : null;
        }, 120);
        onFx(() -> ((ButtonBase) Objects.requireNonNull(find("#countNotInvited"))).fire());
        await("a details window", () -> find("#detailsClose"), 60);
        Thread.sleep(1500); // its first page arrives
        onFx(() -> ((ComboBox<?>) Objects.requireNonNull(find("#template"))).getSelectionModel().select(0));
        onFx(() -> ((ButtonBase) Objects.requireNonNull(find("#preview"))).fire());
        await("the preview", () -> find("#previewFrom"), 60);
        onFx(() -> ((ButtonBase) Objects.requireNonNull(find("#templatesButton"))).fire());
        await("the templates window", () -> find("#previewRecipient"), 60);
        Thread.sleep(1500); // its live preview renders
    }

    private static Node find(String id) {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null) {
                Node n = w.getScene().lookup(id);
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    private static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

    private static <T> T await(String what, Supplier<T> probe, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            CompletableFuture<T> found = new CompletableFuture<>();
            try {
                Platform.runLater(() -> found.complete(probe.get()));
            } catch (IllegalStateException toolkitNotYetStarted) {
                found.complete(null);
            }
            T t = found.get(30, TimeUnit.SECONDS);
            if (t != null) {
                return t;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no " + what + " after " + seconds + " s");
    }
}

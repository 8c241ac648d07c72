package org.invitedesk.ui.common;

import com.google.inject.Inject;
import com.google.inject.Injector;
import javafx.fxml.FXMLLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** The one place FXML is loaded: controllers come from Guice; a failure names the FXML file. */
public final class FxmlViewLoader {
    private final Injector injector;

    @Inject
    public FxmlViewLoader(Injector injector) { this.injector = injector; }

    /** Loads {@code fxml} (beside the controller class) with a controller from the injector. */
    public <C> Loaded<C> load(Class<C> controller, String fxml) {
        FXMLLoader loader = new FXMLLoader(url(controller, fxml));
        loader.setControllerFactory(injector::getInstance);
        return load(loader);
    }

    /** Loads {@code fxml} (beside the controller's class) with this controller, made for one window. */
    public <C> Loaded<C> load(C controller, String fxml) {
        FXMLLoader loader = new FXMLLoader(url(controller.getClass(), fxml));
        loader.setController(controller);
        return load(loader);
    }

    /** The stylesheet {@code css} beside {@code type}, for a scene. */
    public static String stylesheet(Class<?> type, String css) { return url(type, css).toExternalForm(); }

    private static URL url(Class<?> type, String name) {
        URL url = type.getResource(name);
        if (url == null) throw new IllegalStateException("Not found: " + type.getPackageName().replace('.', '/') + "/" + name);
        return url;
    }

    private static <C> Loaded<C> load(FXMLLoader loader) {
        URL url = loader.getLocation();
        try {
            javafx.scene.Parent root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + url + ": " + e.getMessage(), e);
        }
    }

    public record Loaded<C>(javafx.scene.Parent root, C controller) { }
}

package org.invitedesk.ui.common;

import com.google.inject.Injector;
import javafx.fxml.FXMLLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** The one place FXML is loaded: controllers come from Guice; a failure names the FXML file. */
public final class FxmlViewLoader {
    private final Injector injector;

    public FxmlViewLoader(Injector injector) { this.injector = injector; }

    public <C> Loaded<C> load(Class<C> controller, String fxml) {
        URL url = controller.getResource(fxml);
        if (url == null) throw new IllegalStateException("FXML not found: " + controller.getPackageName() + "/" + fxml);
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(injector::getInstance);
        try {
            javafx.scene.Parent root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + url + ": " + e.getMessage(), e);
        }
    }

    public record Loaded<C>(javafx.scene.Parent root, C controller) { }
}

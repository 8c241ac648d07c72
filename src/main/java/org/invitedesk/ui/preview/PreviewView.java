package org.invitedesk.ui.preview;

import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.invitedesk.ui.common.FxmlViewLoader;
import org.invitedesk.ui.common.HtmlView;

/**
 * The Preview window: From, To and Subject as a mail program shows them, then the HTML and the
 * text part; Close, Esc or Ctrl+W close it.
 */
public final class PreviewView {
    @FXML Label previewFrom;
    @FXML Label previewTo;
    @FXML Label previewSubjectLine;
    @FXML Tab previewHtml;
    @FXML TextArea previewTextPart;
    @FXML javafx.scene.control.Button previewClose;

    private final MessagePreview preview;

    public PreviewView(MessagePreview preview) { this.preview = preview; }

    public static PreviewView show(Stage stage, FxmlViewLoader views, MessagePreview preview) {
        FxmlViewLoader.Loaded<PreviewView> loaded = views.load(new PreviewView(preview), "PreviewView.fxml");
        stage.setTitle("Preview — " + preview.templateName());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(loaded.root(), Math.min(760, screen.getWidth() - 40), Math.min(560, screen.getHeight() - 60));
        org.invitedesk.ui.common.CloseKeys.install(scene, stage);
        stage.setScene(scene);
        loaded.controller().previewClose.setOnAction(e -> stage.close());
        return loaded.controller();
    }

    @FXML
    void initialize() {
        previewFrom.setText(preview.from());
        previewTo.setText(preview.to());
        previewSubjectLine.setText(preview.message().subject());
        previewHtml.setContent(HtmlView.of(preview.message().html()));
        previewTextPart.setText(preview.message().text());
    }
}

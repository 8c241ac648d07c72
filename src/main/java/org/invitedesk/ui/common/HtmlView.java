package org.invitedesk.ui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A mail's HTML part drawn as a plain mail program shows it ({@link MailHtml}): text, emphasis,
 * headings, lists, table rows and links (the address in a tooltip). Styles, scripts and images are
 * left out and nothing is fetched; a note under the text says so. No browser engine is shipped.
 */
public final class HtmlView {
    private static final double[] HEADING_EM = {1.0, 1.6, 1.35, 1.2, 1.1, 1.0, 1.0};

    private HtmlView() { }

    public static Node of(String html) {
        VBox body = body();
        fill(body, html);
        return wrap(body);
    }

    /** As {@link #of(String)}, following {@code html} as it changes. */
    public static Node following(ObservableStringValue html) {
        VBox body = body();
        fill(body, html.get());
        html.addListener((o, a, h) -> fill(body, h));
        return wrap(body);
    }

    private static VBox body() {
        VBox body = new VBox(10);
        body.getStyleClass().add("mail-html");
        body.setPadding(new Insets(12));
        return body;
    }

    private static Node wrap(VBox body) {
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        Label note = new Label("Shown as a simple mail program shows it: styles and images are left out.");
        note.getStyleClass().add("mail-html-note");
        note.setStyle("-fx-opacity: 0.7; -fx-font-size: 0.9em;");
        note.setWrapText(true);
        note.setPadding(new Insets(4, 8, 4, 8));
        VBox box = new VBox(scroll, note);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    private static void fill(VBox body, String html) {
        List<Node> flows = new ArrayList<>();
        for (MailHtml.Block block : MailHtml.layout(html)) {
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add(block.heading() > 0 ? "mail-heading" : "mail-text");
            flow.setPadding(new Insets(0, 0, 0, 20 * block.indent()));
            for (MailHtml.Run run : block.runs()) {
                flow.getChildren().add(text(run, block.heading()));
            }
            flows.add(flow);
        }
        body.getChildren().setAll(flows);
    }

    private static Text text(MailHtml.Run run, int heading) {
        Text t = new Text(run.text());
        StringBuilder style = new StringBuilder();
        if (run.bold() || heading > 0) {
            style.append("-fx-font-weight: bold;");
        }
        if (run.italic()) {
            style.append("-fx-font-style: italic;");
        }
        if (run.underline()) {
            style.append("-fx-underline: true;");
        }
        if (run.monospace()) {
            style.append("-fx-font-family: monospace;");
        }
        if (heading > 0) {
            style.append("-fx-font-size: ").append(HEADING_EM[Math.min(heading, 6)]).append("em;");
        }
        if (run.href() != null) {
            t.getStyleClass().add("mail-link");
            style.append("-fx-fill: #0b57d0;");
            Tooltip.install(t, new Tooltip(run.href()));
        }
        t.setStyle(style.toString());
        return t;
    }
}

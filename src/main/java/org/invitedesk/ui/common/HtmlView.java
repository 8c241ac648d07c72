package org.invitedesk.ui.common;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.TextArea;

/** Rendered HTML with scripts off; a plain text area where WebView is unavailable. */
public final class HtmlView {
    private HtmlView() { }

    public static Node of(String html) {
        try {
            javafx.scene.web.WebView web = new javafx.scene.web.WebView();
            web.getEngine().setJavaScriptEnabled(false);
            web.getEngine().loadContent(html, "text/html");
            return web;
        } catch (RuntimeException | LinkageError e) {
            TextArea raw = new TextArea(html);
            raw.setEditable(false);
            return raw;
        }
    }

    /** As {@link #of(String)}, following {@code html} as it changes. */
    public static Node following(ObservableStringValue html) {
        try {
            javafx.scene.web.WebView web = new javafx.scene.web.WebView();
            web.getEngine().setJavaScriptEnabled(false);
            web.getEngine().loadContent(html.get(), "text/html");
            html.addListener((o, a, h) -> web.getEngine().loadContent(h, "text/html"));
            return web;
        } catch (RuntimeException | LinkageError e) {
            TextArea raw = new TextArea();
            raw.setEditable(false);
            raw.textProperty().bind(html);
            return raw;
        }
    }
}

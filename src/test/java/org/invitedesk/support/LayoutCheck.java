package org.invitedesk.support;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person would see wrong in a laid-out window: a text cut with "…" that has no tooltip to
 * read it in full, a control outside the window, two controls on top of each other. Run on the FX
 * thread after layout.
 */
public final class LayoutCheck {
    private LayoutCheck() { }

    public static List<String> problems(Scene scene) {
        List<String> out = new ArrayList<>();
        List<Control> controls = new ArrayList<>();
        collect(scene.getRoot(), controls, false);
        for (Control c : controls) {
            if (!visible(c)) continue;
            Bounds b = c.localToScene(c.getLayoutBounds());
            if (!insideScrolled(c) && (b.getMinX() < -1 || b.getMinY() < -1 || b.getMaxX() > scene.getWidth() + 1
                    || b.getMaxY() > scene.getHeight() + 1)) {
                out.add("outside the window: " + describe(c) + " " + b);
            }
        }
        for (int i = 0; i < controls.size(); i++) {
            for (int j = i + 1; j < controls.size(); j++) {
                Control a = controls.get(i), b = controls.get(j);
                if (!visible(a) || !visible(b) || insideScrolled(a) != insideScrolled(b)) continue;
                Bounds x = a.localToScene(a.getLayoutBounds()), y = b.localToScene(b.getLayoutBounds());
                double w = Math.min(x.getMaxX(), y.getMaxX()) - Math.max(x.getMinX(), y.getMinX());
                double h = Math.min(x.getMaxY(), y.getMaxY()) - Math.max(x.getMinY(), y.getMinY());
                if (w > 2 && h > 2) out.add("overlap: " + describe(a) + " and " + describe(b));
            }
        }
        cutTexts(scene.getRoot(), out);
        return out;
    }

    /** The outermost controls: what a skin draws inside a control is the control's own business. */
    private static void collect(Node n, List<Control> out, boolean insideControl) {
        if (n instanceof Control c && !insideControl) {
            out.add(c);
            insideControl = !(n instanceof ScrollPane);
        }
        if (n instanceof ScrollPane sp) {
            if (sp.getContent() != null) collect(sp.getContent(), out, false);
            return;
        }
        if (n instanceof Parent p) for (Node k : p.getChildrenUnmodifiable()) collect(k, out, insideControl);
    }

    /** A labeled whose drawn text ends in its ellipsis, with no tooltip on it or on a control around it. */
    private static void cutTexts(Node n, List<String> out) {
        if (n instanceof Labeled l && visible(l) && l.getText() != null && !l.getText().isEmpty() && !inTableOrList(l)) {
            for (Node k : l.getChildrenUnmodifiable()) {
                if (k instanceof Text t && t.getText() != null && !t.getText().equals(l.getText())
                        && t.getText().endsWith(l.getEllipsisString()) && !hasTooltip(l)) {
                    out.add("cut text: " + describe(l) + " shows \"" + t.getText() + "\" of \"" + l.getText() + "\"");
                }
            }
        }
        if (n instanceof Parent p) for (Node k : p.getChildrenUnmodifiable()) cutTexts(k, out);
    }

    private static boolean hasTooltip(Node n) {
        for (Node x = n; x != null; x = x.getParent()) if (x instanceof Control c && c.getTooltip() != null) return true;
        return false;
    }

    /** Table and list cells are rows of data: they scroll and have their own check (column widths). */
    private static boolean inTableOrList(Node n) {
        for (Node x = n.getParent(); x != null; x = x.getParent()) {
            if (x instanceof TableView || x instanceof ListView) return !isColumnHeader(n);
        }
        return false;
    }

    private static boolean isColumnHeader(Node n) {
        for (Node x = n; x != null; x = x.getParent()) if (x.getStyleClass().contains("column-header")) return true;
        return false;
    }

    private static boolean insideScrolled(Node n) {
        for (Node x = n.getParent(); x != null; x = x.getParent()) if (x instanceof ScrollPane) return true;
        return false;
    }

    private static boolean visible(Node n) {
        for (Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return n.getLayoutBounds().getWidth() > 0 && n.getLayoutBounds().getHeight() > 0;
    }

    private static String describe(Node n) {
        String text = n instanceof Labeled l ? " \"" + l.getText() + "\"" : "";
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + text;
    }
}

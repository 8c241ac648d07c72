package org.invitedesk.ui.common;

import javafx.scene.control.TableColumn;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Table columns never narrower than their header: a header cut to "Bill…" cannot be read. */
public final class Columns {
    /** Room for the sort arrow and the header's padding. */
    private static final double HEADER_PADDING = 34;

    private Columns() { }

    /** A text cell that shows its whole text on hover (an e-mail address cut by a narrow column can still be read). */
    public static <S> javafx.scene.control.TableCell<S, String> textCell() {
        return new javafx.scene.control.TableCell<>() {
            @Override protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new javafx.scene.control.Tooltip(text));
            }
        };
    }

    public static <S, T> TableColumn<S, T> fitHeader(TableColumn<S, T> c) {
        Text t = new Text(c.getText());
        t.setFont(Font.font(Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD, Font.getDefault().getSize()));
        double min = Math.ceil(t.getLayoutBounds().getWidth() + HEADER_PADDING);
        c.setMinWidth(Math.max(c.getMinWidth(), min));
        c.setPrefWidth(Math.max(c.getPrefWidth(), min));
        return c;
    }
}

package org.invitedesk.ui.common;

import javafx.scene.control.TableColumn;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Table columns never narrower than their header: a header cut to "Bill…" cannot be read. */
public final class Columns {
    /** Room for the sort arrow and the header's padding. */
    private static final double HEADER_PADDING = 34;

    private Columns() { }

    public static <S, T> TableColumn<S, T> fitHeader(TableColumn<S, T> c) {
        Text t = new Text(c.getText());
        t.setFont(Font.font(Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD, Font.getDefault().getSize()));
        double min = Math.ceil(t.getLayoutBounds().getWidth() + HEADER_PADDING);
        c.setMinWidth(Math.max(c.getMinWidth(), min));
        c.setPrefWidth(Math.max(c.getPrefWidth(), min));
        return c;
    }
}

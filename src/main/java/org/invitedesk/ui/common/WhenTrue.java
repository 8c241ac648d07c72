package org.invitedesk.ui.common;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;

/** Runs something once a condition holds: at once when it already does, else the first time it turns true. */
public final class WhenTrue {
    private WhenTrue() { }

    public static void once(ObservableBooleanValue condition, Runnable then) {
        if (condition.get()) {
            then.run();
            return;
        }
        condition.addListener(new ChangeListener<>() {
            @Override public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (!now) return;
                condition.removeListener(this);
                then.run();
            }
        });
    }
}

package org.invitedesk.ui.common;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/** Esc and Ctrl+W (Cmd+W) close a window, as in a mail program. */
public final class CloseKeys {
    private CloseKeys() { }

    /** For a window that holds nothing to lose: Esc closes it whatever has the focus. */
    public static void install(Scene scene, Stage stage) {
        install(scene, stage::close, true);
    }

    /**
     * {@code close} on Esc and Ctrl+W (it may ask first). {@code beforeControls}: Esc is taken
     * before any control sees it; otherwise a control that uses Esc itself (a list closing its
     * popup) goes first.
     */
    public static void install(Scene scene, Runnable close, boolean beforeControls) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), close);
        javafx.event.EventHandler<KeyEvent> esc = e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                close.run();
            }
        };
        if (beforeControls) scene.addEventFilter(KeyEvent.KEY_PRESSED, esc);
        else scene.addEventHandler(KeyEvent.KEY_PRESSED, esc);
    }
}

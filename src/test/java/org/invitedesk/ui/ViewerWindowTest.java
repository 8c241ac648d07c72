package org.invitedesk.ui;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.invitedesk.app.AppStarter;
import org.invitedesk.domain.Division;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** A user without permission 390 sees the counts but cannot send, and is told why. */
@ExtendWith(ApplicationExtension.class)
class ViewerWindowTest {
    AppStarter.Running backend;

    @Start
    void start(Stage stage) {
        backend = BulkInviteWindowTest.app("viewer", stage);
        MainWindow.applyTheme();
        MainWindow.show(stage, backend.injector());
        stage.show();
    }

    @AfterEach
    void close() { backend.close(); }

    @Test
    void aUserWithout390CanLookButNotSend(FxRobot robot) throws Exception {
        ComboBox<Division> box = robot.lookup("#division").queryAs(ComboBox.class);
        BulkInviteWindowTest.waitFor(() -> !box.getItems().isEmpty());
        robot.interact(() -> box.getSelectionModel().select(0));
        robot.interact(() -> robot.lookup("#template").queryAs(ComboBox.class).getSelectionModel().select(0));
        BulkInviteWindowTest.waitFor(() -> robot.lookup("#permissionBanner").queryAs(Label.class).isVisible());
        BulkInviteWindowTest.waitFor(() -> !robot.lookup("#countWillReceive").queryAs(javafx.scene.control.Hyperlink.class).getText().equals("—"));
        assertThat(robot.lookup("#permissionBanner").queryAs(Label.class).getText()).contains("390");
        assertThat(robot.lookup("#send").queryAs(Button.class).isDisabled()).isTrue();
    }
}

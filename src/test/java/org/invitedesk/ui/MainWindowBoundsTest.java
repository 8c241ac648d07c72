package org.invitedesk.ui;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The main window's saved place and size, restored on a screen that may be smaller than last time. */
class MainWindowBoundsTest {
    static final Rectangle2D SMALL = new Rectangle2D(0, 0, 1024, 700);

    @Test
    void aWindowSavedOnALargerScreenIsShrunkAndMovedWhollyOntoASmallerOne() {
        Rectangle2D b = MainWindow.fit(50, 13, 1280, 800, SMALL);
        assertThat(b).isEqualTo(new Rectangle2D(0, 0, 1024, 700));
        assertThat(b.getMaxX()).isLessThanOrEqualTo(SMALL.getMaxX());
        assertThat(b.getMaxY()).isLessThanOrEqualTo(SMALL.getMaxY());
    }

    @Test
    void aWindowThatFitsKeepsItsPlaceAndSize() {
        assertThat(MainWindow.fit(100, 40, 1180, 760, new Rectangle2D(0, 0, 1920, 1080))).isEqualTo(new Rectangle2D(100, 40, 1180, 760));
    }

    @Test
    void aWindowLeftOnAScreenThatIsGoneComesBackOnThisOne() {
        Rectangle2D b = MainWindow.fit(2500, 300, 1180, 760, SMALL);
        assertThat(SMALL.contains(b)).isTrue();
    }

    @Test
    void tooSmallASavedSizeGrowsToTheLeastTheScreenNeedsButNeverPastTheScreen() {
        assertThat(MainWindow.fit(Double.NaN, Double.NaN, 300, 200, new Rectangle2D(0, 0, 1920, 1080)))
                .isEqualTo(new Rectangle2D(0, 0, 1000, 680));
        Rectangle2D tiny = new Rectangle2D(0, 0, 800, 600);
        assertThat(MainWindow.fit(0, 0, 1180, 760, tiny)).isEqualTo(tiny);
    }

    @Test
    void theScreenChosenIsTheOneThatHeldMostOfTheWindow() {
        Rectangle2D left = new Rectangle2D(-1920, 0, 1920, 1080), primary = new Rectangle2D(0, 0, 1920, 1080);
        // snapped to the primary's left edge, its border a few pixels over the left screen
        Rectangle2D window = new Rectangle2D(-6, 10, 1180, 760);
        assertThat(MainWindow.screenFor(java.util.List.of(left, primary), window, primary)).isEqualTo(primary);
        assertThat(MainWindow.fit(-6, 10, 1180, 760, primary).getMinX()).isZero();
        // mostly on the left screen: stays there
        assertThat(MainWindow.screenFor(java.util.List.of(left, primary), new Rectangle2D(-1500, 10, 1180, 760), primary)).isEqualTo(left);
        // on a screen that is gone: the primary
        assertThat(MainWindow.screenFor(java.util.List.of(primary), new Rectangle2D(-1500, 10, 1180, 760), primary)).isEqualTo(primary);
    }
}

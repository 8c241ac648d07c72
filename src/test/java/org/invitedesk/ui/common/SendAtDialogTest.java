package org.invitedesk.ui.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** "Send at…": dates typed or shown without a day/month order to guess; a date that is not one is no date ("Choose a date."). */
class SendAtDialogTest {
    @Test
    void datesReadBothWaysAndNonsenseIsNoDate() {
        LocalDate d = LocalDate.of(2026, 12, 3);
        assertThat(SendAtDialog.DATES.toString(d)).isEqualTo("Thu 3 Dec 2026");
        assertThat(SendAtDialog.DATES.fromString("Thu 3 Dec 2026")).isEqualTo(d);
        assertThat(SendAtDialog.DATES.fromString(" 2026-12-03 ")).isEqualTo(d);
        assertThat(SendAtDialog.DATES.fromString("12/3/2026")).isNull();
        assertThat(SendAtDialog.DATES.fromString("tomorrow")).isNull();
        assertThat(SendAtDialog.problem(SendAtDialog.DATES.fromString("tomorrow"), "08:00")).isEqualTo("Choose a date.");
    }

    @Test
    void theTimeZoneIsNamedWithItsOffset() {
        Instant winter = Instant.parse("2026-12-03T08:00:00Z");
        assertThat(SendAtDialog.zoneText(ZoneId.of("Europe/Berlin"), winter)).isEqualTo("Europe/Berlin (UTC+01:00), this computer's");
        assertThat(SendAtDialog.zoneText(ZoneId.of("Etc/UTC"), winter)).isEqualTo("Etc/UTC (UTC), this computer's");
    }
}

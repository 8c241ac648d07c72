package org.invitedesk.app;

import org.invitedesk.domain.Counts;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.service.SendListener;
import org.invitedesk.service.SendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** With nothing configured: a real embedded PostgreSQL in the data folder, demo data, and the local SMTP sink. */
class EmbeddedDefaultTest {
    @Test
    void startsMigratesSeedsAndSendsIntoTheOutboxFromAnEmptyDataFolder(@TempDir Path dir) throws Exception {
        AppConfig cfg = new ConfigLoader(Map.of()).load(dir.resolve("none.properties"), Map.of("data.dir", dir.toString()), false);
        try (Backend b = Backend.start(cfg, true)) {
            assertThat(b.usesEmbeddedDatabase()).isTrue();
            assertThat(b.user()).isEqualTo("demo");
            // the embedded default is durable: a commit is on disk before the app goes on (zonky's defaults are not)
            assertThat(org.invitedesk.support.TestPostgres.queryString(b.database(), "SHOW fsync")).isEqualTo("on");
            assertThat(org.invitedesk.support.TestPostgres.queryString(b.database(), "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(b.invites().divisions()).extracting(Division::code).contains("NVW", "MTU", "CWS", "HBX");
            for (Division d : b.invites().divisions()) {
                Counts c = b.invites().counts(InviteFilter.forDivision(d.code()));
                assertThat(c.notInvited() + c.invitedNotAccepted() + c.hasPortalAccount() + c.noValidEmail()).isEqualTo(c.contacts());
                assertThat(c.notInvited()).isPositive();
                assertThat(c.invitedNotAccepted()).isPositive();
                assertThat(c.hasPortalAccount()).isPositive();
                assertThat(c.noValidEmail()).isPositive();
            }
            InviteFilter small = InviteFilter.forDivision("HBX").withBalanceDue(true).withBillingContacts(true).withNoAutopay(true);
            SendSummary q = b.sends().queue(small, "Standard portal invitation", "hello@homebox.example", b.user());
            SendSummary r = b.sends().run(q.batchId(), b.user(), SendOptions.defaults(), SendListener.NONE, new AtomicBoolean());
            assertThat(r.sent()).isEqualTo(q.queued()).isPositive();
            try (Stream<Path> files = Files.list(cfg.outboxDir())) {
                assertThat(files.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(r.sent());
            }
        }
        // the data persists: a second start finds the same database without reseeding
        try (Backend again = Backend.start(cfg, true)) {
            assertThat(again.sends().batches(10)).hasSize(1);
        }
    }
}

package org.invitedesk.app;

import org.invitedesk.domain.Counts;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.Login;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.Batches;
import org.invitedesk.service.send.SendListener;
import org.invitedesk.service.send.SendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** With nothing configured: a real embedded PostgreSQL in the data folder, demo data, and the local SMTP sink. */
class EmbeddedDefaultTest {
    @Test
    void startsMigratesSeedsAndSendsIntoTheOutboxFromAnEmptyDataFolder(@TempDir Path dir) throws Exception {
        AppConfig cfg = new ConfigLoader(Map.of()).load(dir.resolve("none.properties"), Map.of("data.dir", dir.toString()), false);
        try (AppStarter.Running b = AppStarter.start(cfg, true)) {
            InviteService invites = b.injector().getInstance(InviteService.class);
            String user = b.injector().getInstance(Login.class).name();
            assertThat(b.infrastructure().usesEmbeddedDatabase()).isTrue();
            assertThat(user).isEqualTo("demo");
            // the embedded default is durable: a commit is on disk before the app goes on (zonky's defaults are not)
            assertThat(org.invitedesk.support.TestPostgres.queryString(b.infrastructure().database(), "SHOW fsync")).isEqualTo("on");
            assertThat(org.invitedesk.support.TestPostgres.queryString(b.infrastructure().database(), "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(invites.divisions()).extracting(Division::code).contains("NVW", "MTU", "CWS", "HBX");
            for (Division d : invites.divisions()) {
                Counts c = invites.counts(InviteFilter.forDivision(d.code()));
                assertThat(c.notInvited() + c.invitedNotAccepted() + c.hasPortalAccount() + c.noValidEmail()).isEqualTo(c.contacts());
                assertThat(c.notInvited()).isPositive();
                assertThat(c.invitedNotAccepted()).isPositive();
                assertThat(c.hasPortalAccount()).isPositive();
                assertThat(c.noValidEmail()).isPositive();
            }
            InviteFilter small = InviteFilter.forDivision("HBX").withBalanceDue(true).withBillingContacts(true).withNoAutopay(true);
            SendSummary q = b.injector().getInstance(BatchQueue.class).queue(small, "Standard portal invitation", "hello@homebox.example", user);
            SendSummary r = b.injector().getInstance(BatchRunner.class).run(q.batchId(), user, SendOptions.defaults(), SendListener.NONE,
                    new AtomicBoolean());
            assertThat(r.sent()).isEqualTo(q.queued()).isPositive();
            try (Stream<Path> files = Files.list(cfg.outboxDir())) {
                List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).toList();
                assertThat(eml).hasSize((int) r.sent());
                // the demo's links open the local portal page (README, quick start step 6)
                assertThat(Files.readString(eml.get(0)).replace("=\r\n", "").replace("=3D", "="))
                        .contains("http://127.0.0.1:8765/portal/hbx?token=");
            }
        }
        // the data persists: a second start finds the same database without reseeding
        try (AppStarter.Running again = AppStarter.start(cfg, true)) {
            assertThat(again.injector().getInstance(Batches.class).list(10)).hasSize(1);
        }
    }
}

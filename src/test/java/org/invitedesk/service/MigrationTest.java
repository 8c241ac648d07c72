package org.invitedesk.service;

import org.flywaydb.core.Flyway;
import org.invitedesk.data.Database;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A database filled under an older schema (V4, before the counts columns) migrates with its data, and counts agree. */
class MigrationTest {
    @Test
    void aDatabaseFromAnOlderVersionMigratesAndItsCountsAreRight() {
        String url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 4)) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target("4").load().migrate();
            TestPostgres.exec(db, "SELECT invite_demo_data(300, 5)");
            long contacts = TestPostgres.queryLong(db, "SELECT count(*) FROM contact");
            long invitations = TestPostgres.queryLong(db, "SELECT count(*) FROM invitation");

            db.migrate();

            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact")).isEqualTo(contacts);
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invitation")).isEqualTo(invitations);
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM contact WHERE division_id IS NULL")).isZero();
            InviteService invites = new InviteService(db.db(), Clock.systemDefaultZone());
            for (String division : new String[]{"NVW", "MTU", "CWS", "HBX"}) {
                assertThat(invites.counts(InviteFilter.forDivision(division)))
                        .as(division).isEqualTo(CountsStayCurrentTest.reference(db, division, null, false, false, false, false));
            }
        }
    }

    /** The start skips Flyway when the newest migration is applied, so the constant must name it. */
    @Test
    void theSchemaVersionTheStartChecksIsTheNewestMigrationAndAnOlderDatabaseStillMigrates() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(getClass().getResource("/db/migration").toURI());
        int newest;
        try (var files = java.nio.file.Files.list(dir)) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(String.valueOf(newest));

        String url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target(String.valueOf(newest - 1)).load().migrate();
            db.migrate();
            assertThat(TestPostgres.queryString(db, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                    .isEqualTo(Database.SCHEMA_VERSION);
            db.migrate(); // current: nothing to do, and no error
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM flyway_schema_history WHERE version = '" + newest + "'")).isEqualTo(1);
        }
    }
}

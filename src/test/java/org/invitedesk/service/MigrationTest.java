package org.invitedesk.service;

import org.flywaydb.core.Flyway;
import org.invitedesk.data.Database;
import org.invitedesk.data.SchemaFiles;
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
            InviteService invites = org.invitedesk.support.TestApp.get(db, InviteService.class);
            for (String division : new String[]{"NVW", "MTU", "CWS", "HBX"}) {
                assertThat(invites.counts(InviteFilter.forDivision(division)))
                        .as(division).isEqualTo(CountsStayCurrentTest.reference(db, division, null, false, false, false, false));
            }
        }
    }

    /**
     * The start skips Flyway when the database's fingerprint equals this build's migration files;
     * a changed file (a new trigger body in a repeatable migration, say) must still reach it.
     */
    @Test
    void aChangedMigrationFileReachesADatabaseThatWasCurrent() {
        String url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            assertThat(TestPostgres.queryString(db, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                    .isEqualTo(String.valueOf(SchemaFiles.newestVersion()));
            assertThat(TestPostgres.queryString(db, "SELECT fingerprint FROM schema_fingerprint")).isEqualTo(SchemaFiles.fingerprint());
            // what a database looks like when the build's files changed after its last migration
            TestPostgres.exec(db, "UPDATE schema_fingerprint SET fingerprint = 'an older build'",
                    "DROP TRIGGER contact_fill_scope ON contact",
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE script = 'R__account_copies.sql'");
            db.migrate();
            assertThat(TestPostgres.queryString(db, "SELECT fingerprint FROM schema_fingerprint")).isEqualTo(SchemaFiles.fingerprint());
            assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'contact_fill_scope'"))
                    .as("the repeatable migration ran again").isEqualTo(1);
            db.migrate(); // current: nothing to do, and no error
        }
    }

    @Test
    void theMigrationFilesAreFoundAndEveryTriggerFunctionHasOneHome() {
        assertThat(SchemaFiles.names()).contains("db/migration/V1__schema.sql", "db/repeatable/R__address_flags.sql",
                "db/repeatable/R__account_copies.sql");
        String url = TestPostgres.newDatabaseUrl();
        try (Database db = Database.open(url, "postgres", null, 2)) {
            db.migrate();
            // every trigger function in the database is defined by a repeatable file, once
            for (String fn : TestPostgres.queryStrings(db, "SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                    + "WHERE NOT t.tgisinternal GROUP BY p.proname")) {
                long homes = SchemaFiles.names().stream().filter(n -> n.startsWith(SchemaFiles.REPEATABLE))
                        .filter(n -> read(n).contains("CREATE OR REPLACE FUNCTION " + fn + "(")).count();
                assertThat(homes).as(fn).isEqualTo(1);
            }
        }
    }

    static String read(String resource) {
        try (var in = MigrationTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.data.InvitationMapper;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Db.tx commits and rolls back writes made by selecting the database's functions (MyBatis alone
 * would neither: such a session is not "dirty", and closing it committed through the driver).
 */
class TransactionsTest {
    @Test
    void aFunctionsWriteIsRolledBackWhenTheTransactionFailsAndKeptWhenItEnds() {
        try (Database db = TestPostgres.freshDatabase()) {
            Fixture.load(db);
            assertThatThrownBy(() -> db.db().tx(s -> {
                assertThat(s.getMapper(InvitationMapper.class).withdraw("invited@x.com", "demo")).isEqualTo(1);
                throw new IllegalStateException("something failed after the write");
            })).hasMessageContaining("something failed");
            assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation WHERE email_norm = 'invited@x.com'")).isEqualTo("SENT");

            db.db().tx(s -> s.getMapper(InvitationMapper.class).withdraw("invited@x.com", "demo"));
            assertThat(TestPostgres.queryString(db, "SELECT status FROM invitation WHERE email_norm = 'invited@x.com'")).isEqualTo("WITHDRAWN");
        }
    }
}

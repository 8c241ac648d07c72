package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts read columns copied onto each contact (V5). After every kind of change to accounts,
 * contacts, invitations and portal accounts, they must equal the same counts computed from the
 * source tables with joins and a plain count(DISTINCT).
 */
class CountsStayCurrentTest {
    static Database db;
    static InviteService invites;
    /** The loaded tables' indexes, foreign keys and triggers before the demo's bulk load. */
    static List<String> structureBefore;

    static final String STRUCTURE = "SELECT 'index ' || indexrelid::regclass::text || ' ' || indisvalid::text FROM pg_index "
            + "WHERE indrelid = ANY ('{account,site,service,contact,portal_account,invitation,email_status}'::regclass[]) "
            + "UNION ALL SELECT 'key ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            + "WHERE conrelid = ANY ('{account,site,service,contact,portal_account,invitation,email_status}'::regclass[]) "
            + "UNION ALL SELECT 'trigger ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1";

    @BeforeAll
    static void load() {
        db = TestPostgres.freshDatabase();
        structureBefore = TestPostgres.queryStrings(db, STRUCTURE);
        org.invitedesk.support.TestApp.get(db, DemoDataService.class).load(400, 11);
        invites = org.invitedesk.support.TestApp.get(db, InviteService.class);
    }

    @AfterAll
    static void close() { db.close(); }

    /** The counts the slow, obvious way, from the source tables. */
    static Counts reference(String division, String billGroupCode, boolean balanceDue, boolean noAutopay, boolean billing, boolean includeInvited) {
        return reference(db, division, billGroupCode, balanceDue, noAutopay, billing, includeInvited);
    }

    static Counts reference(Database db, String division, String billGroupCode, boolean balanceDue, boolean noAutopay, boolean billing,
                            boolean includeInvited) {
        return referenceWith(db, division, "true"
                + (billGroupCode == null ? "" : " AND a.bill_group_id = (SELECT id FROM bill_group WHERE division_id = d.id AND code = '" + billGroupCode + "')")
                + (balanceDue ? " AND a.balance_due > 0" : "") + (noAutopay ? " AND NOT a.autopay_active" : "") + (billing ? " AND c.is_billing" : ""),
                includeInvited);
    }

    /** The reference counts with one extra condition on the account {@code a} or contact {@code c}. */
    static Counts referenceWith(String division, String condition) { return referenceWith(db, division, condition, false); }

    /**
     * The reference reads only source tables. An address's state, in order of precedence: 4 a
     * mail server rejected it and nothing was sent to it since; 3 a portal_account row or an
     * ACCEPTED invitation; 2 an open invitation (queued, claimed, sending, in doubt); 1 an
     * invitation with a sent_at; 0 none.
     */
    static final String STATE = "(SELECT CASE"
            + " WHEN EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = c.email_norm AND i.address_rejected AND NOT EXISTS"
            + "   (SELECT 1 FROM invitation j WHERE j.email_norm = c.email_norm AND j.id > i.id AND j.sent_at IS NOT NULL)) THEN 4"
            + " WHEN EXISTS (SELECT 1 FROM portal_account p WHERE p.email_norm = c.email_norm)"
            + "   OR EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = c.email_norm AND i.status = 'ACCEPTED') THEN 3"
            + " WHEN EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = c.email_norm AND i.status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT')) THEN 2"
            + " WHEN EXISTS (SELECT 1 FROM invitation i WHERE i.email_norm = c.email_norm AND i.sent_at IS NOT NULL AND i.status <> 'WITHDRAWN') THEN 1"
            + " ELSE 0 END)";

    static Counts referenceWith(Database db, String division, String condition, boolean includeInvited) {
        String sql = "SELECT count(*),"
                + " count(*) FILTER (WHERE c.email_valid AND x.st = 0),"
                + " count(*) FILTER (WHERE c.email_valid AND x.st = 1),"
                + " count(*) FILTER (WHERE c.email_valid AND x.st = 3),"
                + " count(*) FILTER (WHERE NOT c.email_valid OR x.st = 4),"
                + " count(*) FILTER (WHERE c.email_valid AND x.st = 2),"
                + " count(DISTINCT c.email_norm) FILTER (WHERE c.email_valid AND x.st " + (includeInvited ? "IN (0, 1)" : "= 0") + ")"
                + " FROM contact c JOIN account a ON a.id = c.account_id JOIN division d ON d.id = a.division_id"
                + " CROSS JOIN LATERAL (SELECT " + STATE + " AS st) x"
                + " WHERE d.code = '" + division + "' AND a.is_open AND " + condition;
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertAllAgree(String when) {
        for (String division : new String[]{"NVW", "MTU", "CWS"}) {
            String bg = TestPostgres.queryString(db, "SELECT b.code FROM bill_group b JOIN division d ON d.id = b.division_id WHERE d.code = '"
                    + division + "' ORDER BY b.code LIMIT 1");
            Map<InviteFilter, Counts> cases = new LinkedHashMap<>();
            InviteFilter f = InviteFilter.forDivision(division);
            cases.put(f, reference(division, null, false, false, false, false));
            cases.put(f.withIncludeInvited(true), reference(division, null, false, false, false, true));
            cases.put(f.withBillGroup(bg), reference(division, bg, false, false, false, false));
            cases.put(f.withBalanceDue(true).withNoAutopay(true), reference(division, null, true, true, false, false));
            cases.put(f.withBillingContacts(true).withIncludeInvited(true), reference(division, null, false, false, true, true));
            cases.put(f.withActiveService(true), referenceWith(division, "EXISTS (SELECT 1 FROM service sv WHERE sv.account_id = a.id "
                    + "AND sv.start_date <= current_date AND (sv.end_date IS NULL OR sv.end_date > current_date))"));
            String ss = TestPostgres.queryString(db, "SELECT x.code FROM site_source x JOIN division d ON d.id = x.division_id WHERE d.code = '"
                    + division + "' ORDER BY x.code LIMIT 1");
            cases.put(f.withSiteSource(ss), referenceWith(division, "EXISTS (SELECT 1 FROM site st JOIN site_source x ON x.id = st.site_source_id "
                    + "WHERE st.account_id = a.id AND x.code = '" + ss + "')"));
            cases.forEach((filter, expected) -> assertThat(invites.counts(filter)).as(when + ": " + filter.describe()).isEqualTo(expected));
        }
    }

    /** The load switches triggers off and drops indexes and keys for its transaction: all are back after it. */
    @Test
    void theBulkLoadPutsBackEveryIndexKeyAndTrigger() {
        List<String> after = TestPostgres.queryStrings(db, STRUCTURE);
        // a key added NOT VALID (V14) comes back checked: the same key, now valid over the loaded rows
        assertThat(after).containsExactlyElementsOf(structureBefore.stream().map(k -> k.replace(" NOT VALID", "")).toList());
        assertThat(after).anyMatch(k -> k.startsWith("trigger contact_after_insert O"));
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM invite_check_counts(false) WHERE wrong > 0")).isZero();
    }

    @Test
    void countsFollowEveryKindOfChange() {
        assertAllAgree("after the demo load");

        TestPostgres.exec(db,
                // accounts close, move bill group, change balance and autopay, move division
                "UPDATE account SET is_open = false WHERE id IN (SELECT id FROM account WHERE is_open ORDER BY id LIMIT 15)",
                "UPDATE account a SET bill_group_id = (SELECT b.id FROM bill_group b WHERE b.division_id = a.division_id ORDER BY b.code LIMIT 1) "
                        + "WHERE a.id IN (SELECT id FROM account ORDER BY id DESC LIMIT 40)",
                "UPDATE account SET balance_due = 0 WHERE id % 7 = 0",
                "UPDATE account SET balance_due = 12.50, autopay_active = NOT autopay_active WHERE id % 11 = 0",
                // an account moves division with its lookups and its sites' sources, in one transaction
                "BEGIN",
                "UPDATE site SET site_source_id = NULL WHERE account_id IN (SELECT a.id FROM account a JOIN division d ON d.id = a.division_id "
                        + "WHERE d.code = 'NVW' ORDER BY a.id LIMIT 5)",
                "UPDATE account SET division_id = (SELECT id FROM division WHERE code = 'MTU'), account_class_id = NULL, bill_group_id = NULL, "
                        + "account_source_id = NULL WHERE id IN (SELECT a.id FROM account a JOIN division d ON d.id = a.division_id WHERE d.code = 'NVW' ORDER BY a.id LIMIT 5)",
                "COMMIT",
                // an account closed for good: its contacts, sites and services go with it
                "DELETE FROM contact WHERE account_id = (SELECT max(id) FROM account WHERE is_open AND id % 2 = 1)",
                "DELETE FROM service WHERE account_id = (SELECT max(id) FROM account WHERE is_open AND id % 2 = 1 AND NOT EXISTS "
                        + "(SELECT 1 FROM contact c WHERE c.account_id = account.id))",
                "DELETE FROM site WHERE account_id NOT IN (SELECT account_id FROM contact)",
                "DELETE FROM service WHERE account_id NOT IN (SELECT account_id FROM contact)",
                "DELETE FROM account WHERE id NOT IN (SELECT account_id FROM contact) AND id NOT IN (SELECT account_id FROM site) "
                        + "AND id NOT IN (SELECT account_id FROM service)");
        assertAllAgree("after account changes");

        TestPostgres.exec(db,
                // services start and end, and are added to other accounts
                "UPDATE service SET end_date = current_date - 1 WHERE id % 5 = 0",
                "INSERT INTO service (account_id, description, start_date) SELECT id, 'New bin', current_date - 3 FROM account WHERE id % 9 = 0",
                "UPDATE service SET account_id = (SELECT max(id) FROM account) WHERE id % 13 = 0",
                "DELETE FROM service WHERE id % 17 = 0",
                // sites change source, are added and removed
                "UPDATE site s SET site_source_id = (SELECT x.id FROM site_source x WHERE x.division_id = s.division_id ORDER BY x.code DESC LIMIT 1) WHERE id % 4 = 0",
                "INSERT INTO site (account_id, site_source_id, address) SELECT a.id, (SELECT x.id FROM site_source x WHERE x.division_id = a.division_id "
                        + "ORDER BY x.code LIMIT 1), 'New site' FROM account a WHERE a.id % 10 = 3",
                "DELETE FROM site WHERE id % 19 = 0");
        assertAllAgree("after service and site changes");

        TestPostgres.exec(db,
                // new contacts sharing addresses (in another case) with invited, portal and fresh contacts
                "INSERT INTO contact (account_id, first_name, last_name, email, is_billing) "
                        + "SELECT a.id, 'Twin', 'Of ' || c.id, upper(c.email), true FROM contact c "
                        + "JOIN account a ON a.id = (SELECT max(id) FROM account) WHERE c.email_valid ORDER BY c.id LIMIT 60",
                // contacts change address to one another contact already has
                "UPDATE contact SET email = (SELECT email FROM contact WHERE email_valid ORDER BY id DESC LIMIT 1) WHERE id IN (SELECT id FROM contact ORDER BY id LIMIT 5)",
                // a contact moves to another account
                "UPDATE contact SET account_id = (SELECT min(id) FROM account WHERE is_open) WHERE id = (SELECT max(id) FROM contact)",
                // contacts leave
                "DELETE FROM contact WHERE id % 23 = 0");
        assertAllAgree("after contact changes");

        TestPostgres.exec(db,
                // fresh addresses get invited, another accepts, another gets a portal account directly
                "INSERT INTO invitation (email_norm, email, status, sent_at) SELECT c.email_norm, c.email, 'SENT', now() FROM contact c "
                        + "LEFT JOIN email_status s ON s.email_norm = c.email_norm WHERE c.email_valid AND s.email_norm IS NULL "
                        + "GROUP BY c.email_norm, c.email ORDER BY c.email_norm LIMIT 30",
                "UPDATE invitation SET status = 'ACCEPTED', accepted_at = now() WHERE id IN (SELECT id FROM invitation WHERE status = 'SENT' ORDER BY id LIMIT 10)",
                "INSERT INTO portal_account (email_norm) SELECT c.email_norm FROM contact c LEFT JOIN email_status s ON s.email_norm = c.email_norm "
                        + "WHERE c.email_valid AND s.email_norm IS NULL GROUP BY c.email_norm ORDER BY c.email_norm DESC LIMIT 10");
        assertAllAgree("after invitations and portal accounts");

        TestPostgres.exec(db,
                // accepted by the status alone (no date), and a date alone (not an acceptance)
                "UPDATE invitation SET status = 'ACCEPTED' WHERE id IN (SELECT id FROM invitation WHERE status = 'SENT' ORDER BY id LIMIT 5)",
                "UPDATE invitation SET accepted_at = now() WHERE id IN (SELECT id FROM invitation WHERE status = 'SENT' ORDER BY id DESC LIMIT 5)",
                // an acceptance withdrawn, invitations purged, an invitation moved to another address
                "UPDATE invitation SET status = 'EXPIRED' WHERE id IN (SELECT id FROM invitation WHERE status = 'ACCEPTED' ORDER BY id LIMIT 3)",
                "DELETE FROM invitation WHERE id IN (SELECT id FROM invitation WHERE status IN ('SENT', 'EXPIRED', 'SUPERSEDED') ORDER BY id LIMIT 40)",
                "UPDATE invitation SET email = (SELECT c.email FROM contact c WHERE c.email_valid ORDER BY c.id DESC LIMIT 1) "
                        + "WHERE id = (SELECT max(id) FROM invitation WHERE status = 'SENT')",
                // portal accounts closed and moved to another address
                "DELETE FROM portal_account WHERE id IN (SELECT id FROM portal_account ORDER BY id LIMIT 12)",
                "UPDATE portal_account SET email = (SELECT c.email FROM contact c WHERE c.email_valid ORDER BY c.id LIMIT 1 OFFSET 7) "
                        + "WHERE id = (SELECT max(id) FROM portal_account)");
        assertAllAgree("after acceptances, purges and closed portal accounts");

        TestPostgres.exec(db,
                // invitations withdrawn (one through the app's function, some directly), one withdrawal undone, one inserted withdrawn
                "SELECT invite_withdraw((SELECT email FROM invitation WHERE status = 'SENT' ORDER BY id DESC LIMIT 1), 'demo')",
                "UPDATE invitation SET status = 'WITHDRAWN' WHERE id IN (SELECT id FROM invitation WHERE status = 'SENT' ORDER BY id LIMIT 6)",
                "UPDATE invitation SET status = 'SENT' WHERE id = (SELECT min(id) FROM invitation WHERE status = 'WITHDRAWN')",
                "INSERT INTO invitation (email_norm, email, status, sent_at) SELECT c.email_norm, c.email, 'WITHDRAWN', now() FROM contact c "
                        + "LEFT JOIN email_status s ON s.email_norm = c.email_norm WHERE c.email_valid AND s.email_norm IS NULL "
                        + "GROUP BY c.email_norm, c.email ORDER BY c.email_norm LIMIT 3");
        assertAllAgree("after withdrawals");
    }
}

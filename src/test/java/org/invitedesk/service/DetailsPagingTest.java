package org.invitedesk.service;

import org.invitedesk.cli.InviteDeskCommand;
import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailSort;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.details.InvitationDetailsViewModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Details pages on the generated demo data: no row lost or repeated across pages under every sort; the export equals `details`. */
class DetailsPagingTest {
    static String url;
    static Database db;
    static InviteService invites;

    @BeforeAll
    static void load() {
        url = TestPostgres.newDatabaseUrl();
        db = Database.open(url, "postgres", null, 4);
        db.migrate();
        org.invitedesk.support.TestApp.get(db, DemoDataService.class).load(600, 7);
        invites = org.invitedesk.support.TestApp.get(db, InviteService.class);
    }

    @AfterAll
    static void close() { db.close(); }

    static String biggestDivision() {
        return TestPostgres.queryString(db, "SELECT d.code FROM division d JOIN account a ON a.division_id = d.id "
                + "GROUP BY d.code ORDER BY count(*) DESC LIMIT 1");
    }

    /** The first column of every row {@code sql} gives, in order: the plain SQL a test compares a page with. */
    static List<Long> ids(String sql) {
        List<Long> ids = new ArrayList<>();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) ids.add(rs.getLong(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Every row of the query, read by keyset pages of {@code size} as the window reads them. */
    static List<Long> pagedIds(DetailQuery q, int size) {
        List<Long> ids = new ArrayList<>();
        DetailRow after = null;
        while (true) {
            List<DetailRow> page = invites.detailPageAfter(q, after, size);
            if (page.isEmpty()) return ids;
            page.forEach(r -> ids.add(r.contactId()));
            after = page.get(page.size() - 1);
        }
    }

    @Test
    void pagesCoverTheGroupExactlyOnceUnderEverySortBothWays() {
        for (CountGroup group : List.of(CountGroup.NOT_INVITED, CountGroup.WILL_RECEIVE, CountGroup.INVITED_NOT_ACCEPTED)) {
            DetailQuery base = DetailQuery.of(InviteFilter.forDivision(biggestDivision()).withIncludeInvited(true), group);
            long total = invites.detailCount(base);
            assertThat(total).as(group + " has rows to page through").isGreaterThan(23);
            for (DetailSort sort : DetailSort.values()) {
                for (boolean desc : new boolean[]{false, true}) {
                    DetailQuery q = base.withSort(sort, desc);
                    List<Long> ids = new ArrayList<>();
                    invites.detailPageAfter(q, null, (int) total + 1).forEach(r -> ids.add(r.contactId()));
                    Set<Long> unique = new HashSet<>(ids);
                    assertThat(ids).as(group + " by " + sort + (desc ? " desc" : "")).hasSize((int) total);
                    assertThat(unique).as(group + " by " + sort + (desc ? " desc" : "") + ": no repeats").hasSize((int) total);
                    // pages of 23 (what the window does, with 200) give the same rows in the same order as one big page
                    List<Long> keyset = pagedIds(q, 23);
                    assertThat(keyset).as("keyset " + group + " by " + sort + (desc ? " desc" : "")).isEqualTo(ids);
                }
            }
        }
    }

    /**
     * Class and bill group pages are merged from one page per lookup (RecipientMapper.xml): their
     * order must be the plain sort's, by the lookup's name (no lookup first) and then contact id.
     */
    @Test
    void byClassOrBillGroupTheOrderIsTheLookupsNameThenTheContact() {
        String division = biggestDivision();
        DetailQuery base = DetailQuery.of(InviteFilter.forDivision(division), CountGroup.NOT_INVITED);
        for (DetailSort sort : List.of(DetailSort.ACCOUNT_CLASS, DetailSort.BILL_GROUP)) {
            String table = sort == DetailSort.ACCOUNT_CLASS ? "account_class" : "bill_group";
            String column = sort == DetailSort.ACCOUNT_CLASS ? "account_class_id" : "bill_group_id";
            for (boolean desc : new boolean[]{false, true}) {
                String dir = desc ? " DESC" : "";
                List<Long> expected = ids("SELECT c.id FROM contact c JOIN division d ON d.id = c.division_id LEFT JOIN " + table
                        + " k ON k.id = c." + column + " WHERE d.code = '" + division + "' AND c.account_open AND c.email_valid"
                        + " AND c.address_state = 0 ORDER BY coalesce(k.name, '')" + dir + ", c.id" + dir + " LIMIT 60");
                List<Long> got = new ArrayList<>();
                DetailRow after = null;
                while (got.size() < 60) {
                    List<DetailRow> page = invites.detailPageAfter(base.withSort(sort, desc), after, 20);
                    page.forEach(r -> got.add(r.contactId()));
                    after = page.get(page.size() - 1);
                }
                assertThat(got).as(sort + dir).isEqualTo(expected);
            }
        }
    }

    /**
     * Status, last invited, times invited and accepted (keys of the address's history) page the
     * never-invited rows in contact order and sort only the invited addresses' rows, then merge
     * (RecipientMapper.xml): every group's order must be the plain sort's, with invited addresses
     * that have nothing sent (a failed and a withdrawn invitation) among the not invited.
     */
    @Test
    void byAnAddressKeyTheOrderIsThePlainSortsInEveryGroup() {
        String division = biggestDivision();
        TestPostgres.exec(db,
                "INSERT INTO invitation (email_norm, email, status, last_error) SELECT c.email_norm, c.email, 'FAILED', '451 try later' "
                        + "FROM contact c JOIN division d ON d.id = c.division_id LEFT JOIN email_status s ON s.email_norm = c.email_norm "
                        + "WHERE d.code = '" + division + "' AND c.account_open AND c.email_valid AND c.address_state = 0 AND NOT coalesce(s.invited, false) "
                        + "AND NOT c.shared_email ORDER BY c.id DESC LIMIT 9",
                "INSERT INTO invitation (email_norm, email, status, sent_at) SELECT c.email_norm, c.email, 'WITHDRAWN', now() - (c.id % 5) * interval '1 day' "
                        + "FROM contact c JOIN division d ON d.id = c.division_id LEFT JOIN email_status s ON s.email_norm = c.email_norm "
                        + "WHERE d.code = '" + division + "' AND c.account_open AND c.email_valid AND c.address_state = 0 AND NOT coalesce(s.invited, false) "
                        + "AND NOT c.shared_email ORDER BY c.id LIMIT 6");
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM email_status WHERE invited AND state = 0")).isGreaterThanOrEqualTo(15);
        Map<DetailSort, String> keys = Map.of(
                DetailSort.INVITATION_STATUS, "CASE WHEN NOT c.email_valid THEN 'NO VALID EMAIL' WHEN s.state = 4 THEN 'UNDELIVERABLE' "
                        + "WHEN s.state = 3 THEN 'PORTAL ACCOUNT' ELSE coalesce(s.last_status, 'NOT INVITED') END",
                DetailSort.LAST_INVITED_AT, "coalesce(s.last_invited_at, '-infinity')",
                DetailSort.TIMES_INVITED, "coalesce(s.times_invited, 0)",
                DetailSort.ACCEPTED_AT, "coalesce(s.accepted_at, '-infinity')");
        Map<CountGroup, String> groups = Map.of(
                CountGroup.NOT_INVITED, "c.email_valid AND c.address_state = 0",
                CountGroup.INVITED_NOT_ACCEPTED, "c.email_valid AND c.address_state = 1",
                CountGroup.HAS_PORTAL_ACCOUNT, "c.email_valid AND c.address_state = 3",
                CountGroup.NO_VALID_EMAIL, "(NOT c.email_valid OR c.address_state = 4)");
        groups.forEach((group, condition) -> keys.forEach((sort, key) -> {
            for (boolean desc : new boolean[]{false, true}) {
                String dir = desc ? " DESC" : "";
                List<Long> expected = ids("SELECT c.id FROM contact c JOIN division d ON d.id = c.division_id "
                        + "LEFT JOIN email_status s ON s.email_norm = c.email_norm WHERE d.code = '" + division
                        + "' AND c.account_open AND " + condition + " ORDER BY " + key + dir + ", c.id" + dir);
                assertThat(expected).as(group + " has rows").isNotEmpty();
                DetailQuery q = DetailQuery.of(InviteFilter.forDivision(division), group).withSort(sort, desc);
                List<Long> got = pagedIds(q, 37);
                assertThat(got).as(group + " by " + sort + dir).isEqualTo(expected);
            }
        }));
    }

    /**
     * Will receive lists one row per address, its pick: the billing contact first, then the lowest
     * id, among the address's contacts in scope. The pick is a condition on each row
     * (RecipientMapper.xml, addressPick) so every order walks its index: under every sort, both
     * ways, the rows must be the plain DISTINCT ON's, also in a scope that leaves the address's
     * better contact out (an address shared across two account classes, the billing contact in
     * the other).
     */
    @Test
    void willReceiveIsEachAddressesPickUnderEverySortAndScope() {
        String division = biggestDivision();
        // two not-invited contacts on one address: the later one a billing contact of another class
        long[] pair = new long[2];
        String[] classes = new String[2];
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT x.id, kx.code, y.id, ky.code FROM contact x JOIN division d ON d.id = x.division_id "
                     + "JOIN account_class kx ON kx.id = x.account_class_id JOIN contact y ON y.division_id = x.division_id AND y.id > x.id "
                     + "JOIN account_class ky ON ky.id = y.account_class_id WHERE d.code = '" + division + "' AND ky.id <> kx.id "
                     + "AND NOT x.is_billing AND y.is_billing AND x.account_open AND y.account_open AND x.email_valid AND y.email_valid "
                     + "AND x.address_state = 0 AND y.address_state = 0 AND NOT x.shared_email AND NOT y.shared_email ORDER BY x.id, y.id LIMIT 1")) {
            assertThat(rs.next()).as("two contacts of different classes to share an address").isTrue();
            pair[0] = rs.getLong(1);
            classes[0] = rs.getString(2);
            pair[1] = rs.getLong(3);
            classes[1] = rs.getString(4);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        TestPostgres.exec(db, "UPDATE contact SET email = (SELECT email FROM contact WHERE id = " + pair[0] + ") WHERE id = " + pair[1]);
        Map<DetailSort, String> keys = new java.util.EnumMap<>(DetailSort.class);
        keys.put(DetailSort.ACCOUNT_NUMBER, "a.number");
        keys.put(DetailSort.ACCOUNT_NAME, "a.name");
        keys.put(DetailSort.CONTACT_NAME, "coalesce(btrim(c.first_name || ' ' || c.last_name), '')");
        keys.put(DetailSort.EMAIL, "coalesce(c.email_norm, '')");
        keys.put(DetailSort.BILLING_CONTACT, "c.is_billing");
        keys.put(DetailSort.ACCOUNT_CLASS, "coalesce(ac.name, '')");
        keys.put(DetailSort.BILL_GROUP, "coalesce(bg.name, '')");
        keys.put(DetailSort.INVITATION_STATUS, "coalesce(s.last_status, 'NOT INVITED')");
        keys.put(DetailSort.LAST_INVITED_AT, "coalesce(s.last_invited_at, '-infinity')");
        keys.put(DetailSort.TIMES_INVITED, "coalesce(s.times_invited, 0)");
        keys.put(DetailSort.ACCEPTED_AT, "coalesce(s.accepted_at, '-infinity')");
        Map<String, InviteFilter> scopes = new java.util.LinkedHashMap<>();
        scopes.put("", InviteFilter.forDivision(division));
        scopes.put(" AND kc.code = '" + classes[0] + "'", InviteFilter.forDivision(division).withAccountClass(classes[0]));
        scopes.put(" AND kc.code = '" + classes[1] + "'", InviteFilter.forDivision(division).withAccountClass(classes[1]));
        scopes.forEach((condition, filter) -> keys.forEach((sort, key) -> {
            for (boolean desc : new boolean[]{false, true}) {
                String dir = desc ? " DESC" : "";
                List<Long> expected = ids("SELECT c.id FROM (SELECT DISTINCT ON (c.email_norm) c.id FROM contact c "
                        + "JOIN division d ON d.id = c.division_id JOIN account_class kc ON kc.id = c.account_class_id "
                        + "WHERE d.code = '" + division + "' AND c.account_open AND c.email_valid AND c.address_state = 0" + condition
                        + " ORDER BY c.email_norm, c.is_billing DESC, c.id) p JOIN contact c ON c.id = p.id JOIN account a ON a.id = c.account_id "
                        + "LEFT JOIN email_status s ON s.email_norm = c.email_norm LEFT JOIN account_class ac ON ac.id = c.account_class_id "
                        + "LEFT JOIN bill_group bg ON bg.id = c.bill_group_id ORDER BY " + key + dir + ", c.id" + dir);
                assertThat(expected).hasSizeGreaterThan(20);
                DetailQuery q = DetailQuery.of(filter, CountGroup.WILL_RECEIVE).withSort(sort, desc);
                String as = "Will receive" + condition + " by " + sort + dir;
                assertThat(pagedIds(q, 19)).as(as).isEqualTo(expected);
                // the shared address: once, as its billing contact, or its only contact in scope
                assertThat(expected).as(as).contains(condition.isEmpty() || condition.contains(classes[1]) ? pair[1] : pair[0]);
            }
        }));
        // the first recipient is the first pick by account number (the plain DISTINCT ON's), and none where nobody will receive
        var first = invites.firstRecipient(invites.scope(InviteFilter.forDivision(division)));
        assertThat(first.contactId()).isEqualTo(ids("SELECT c.id FROM (SELECT DISTINCT ON (c.email_norm) c.id FROM contact c "
                + "JOIN division d ON d.id = c.division_id WHERE d.code = '" + division + "' AND c.account_open AND c.email_valid "
                + "AND c.address_state = 0 ORDER BY c.email_norm, c.is_billing DESC, c.id) p JOIN contact c ON c.id = p.id "
                + "JOIN account a ON a.id = c.account_id ORDER BY a.number, c.id LIMIT 1").get(0));
        TestPostgres.exec(db, "INSERT INTO division (code, name, email, portal_base_url) VALUES "
                + "('EMPTY', 'No accounts yet', 'e@empty.example', 'https://portal.empty.example/invite')");
        assertThat(invites.firstRecipient(invites.scope(InviteFilter.forDivision("EMPTY")))).isNull();
    }

    @Test
    void theWindowsExportWritesTheSameRowsAsTheDetailsCommand(@TempDir Path dir) throws Exception {
        String division = biggestDivision();
        InvitationDetailsViewModel vm = new InvitationDetailsViewModel(invites, UiExecutor.sameThread(),
                DetailQuery.of(InviteFilter.forDivision(division), CountGroup.WILL_RECEIVE));
        vm.reload();
        Path file = dir.resolve("export.csv");
        vm.exportCsv(file, () -> { });
        assertThat(vm.exportProgress().get()).isEqualTo(1.0);
        assertThat(vm.exporting().get()).isFalse();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = org.invitedesk.support.TestApp.commandLine().execute("--db-url", url, "--db-user", "postgres", "details",
                    "--division", division, "--group", "WILL_RECEIVE");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        List<String> cli = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> exported = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(exported).hasSize((int) invites.detailCount(vm.query()) + 1);
        assertThat(exported).isEqualTo(cli);
    }

    @Test
    void theWindowPagesForwardAndBackWithoutLosingARow() {
        InvitationDetailsViewModel vm = new InvitationDetailsViewModel(invites, UiExecutor.sameThread(),
                DetailQuery.of(InviteFilter.forDivision(biggestDivision()), CountGroup.NOT_INVITED));
        vm.sortBy(DetailSort.LAST_INVITED_AT, true);
        List<Long> first = vm.rows().stream().map(DetailRow::contactId).toList();
        List<Long> all = new ArrayList<>(first);
        while (vm.offset().get() + InvitationDetailsViewModel.PAGE_SIZE < vm.total().get()) {
            vm.next();
            vm.rows().forEach(r -> all.add(r.contactId()));
        }
        assertThat(all).hasSize((int) vm.total().get()).doesNotHaveDuplicates();
        while (vm.offset().get() > 0) vm.previous();
        assertThat(vm.rows().stream().map(DetailRow::contactId).toList()).isEqualTo(first);
    }

    @Test
    void aPageIsOnlyThePageNotTheGroupAndTheNextPageGoesOn() {
        DetailQuery q = DetailQuery.of(InviteFilter.forDivision(biggestDivision()).withIncludeInvited(true), CountGroup.NOT_INVITED);
        int size = InvitationDetailsViewModel.PAGE_SIZE;
        assertThat(invites.detailCount(q)).as("the group is larger than a page").isGreaterThan(size);
        List<DetailRow> first = invites.detailPageAfter(q, null, size);
        assertThat(first).hasSize(size);
        List<DetailRow> second = invites.detailPageAfter(q, first.get(size - 1), size);
        assertThat(second).isNotEmpty();
        assertThat(second.get(0).accountNumber()).isGreaterThanOrEqualTo(first.get(size - 1).accountNumber());
        assertThat(second.stream().map(DetailRow::contactId)).doesNotContainAnyElementsOf(first.stream().map(DetailRow::contactId).toList());
    }
}

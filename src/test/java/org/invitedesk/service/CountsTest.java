package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailSort;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Count semantics on the hand-built fixture (see {@link Fixture} for who is who). */
class CountsTest {
    static Database db;
    static InviteService invites;
    static final InviteFilter D1 = InviteFilter.forDivision("D1");

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        invites = org.invitedesk.support.TestApp.get(db, InviteService.class);
    }

    @AfterAll
    static void tearDown() { db.close(); }

    @Test
    void divisionWithoutFiltersCountsEachGroupAndClosedAccountsAreExcluded() {
        Counts c = invites.counts(D1);
        assertThat(c).isEqualTo(new Counts(10, 4, 2, 2, 2, 0, 2));
        assertThat(c.notInvited() + c.invitedNotAccepted() + c.hasPortalAccount() + c.noValidEmail()).isEqualTo(c.contacts());
    }

    @Test
    void onePersonOnThreeAccountsIsOneRecipientComparedCaseInsensitively() {
        // ann@x.com on A1, A2 (as Ann@X.com) and A5, plus " BOB@x.com ": two addresses
        assertThat(invites.counts(D1).willReceive()).isEqualTo(2);
    }

    @Test
    void uncheckingTheLimitAddsInvitedNotAcceptedIncludingExpired() {
        assertThat(invites.counts(D1.withIncludeInvited(true)).willReceive()).isEqualTo(4);
    }

    @Test
    void activeServiceExcludesEndedAndNotYetStartedServices() {
        assertThat(invites.counts(D1.withActiveService(true)).contacts()).isEqualTo(5);
    }

    @Test
    void balanceDueCountsOnlyPositiveBalances() {
        assertThat(invites.counts(D1.withBalanceDue(true)).contacts()).isEqualTo(5);
    }

    @Test
    void billingContactsOnly() {
        assertThat(invites.counts(D1.withBillingContacts(true)).contacts()).isEqualTo(4);
    }

    @Test
    void noAutopayExcludesAccountsOnAutomaticPayment() {
        assertThat(invites.counts(D1.withNoAutopay(true)).contacts()).isEqualTo(8);
    }

    @Test
    void eachLookupNarrows() {
        assertThat(invites.counts(D1.withAccountClass("COM")).contacts()).isEqualTo(2);
        assertThat(invites.counts(D1.withBillGroup("B2")).contacts()).isEqualTo(2);
        assertThat(invites.counts(D1.withAccountSource("PHONE")).contacts()).isEqualTo(2);
        assertThat(invites.counts(D1.withSiteSource("MAN")).contacts()).isEqualTo(2);
        assertThat(invites.counts(D1.withSiteSource("GIS")).contacts()).isEqualTo(8);
    }

    @Test
    void filtersCombine() {
        Counts c = invites.counts(D1.withBalanceDue(true).withBillingContacts(true));
        assertThat(c.contacts()).isEqualTo(2);
        assertThat(c.notInvited()).isEqualTo(1);
        assertThat(c.hasPortalAccount()).isEqualTo(1);
    }

    @Test
    void otherDivisionIsSeparate() {
        assertThat(invites.counts(InviteFilter.forDivision("D2"))).isEqualTo(new Counts(2, 2, 0, 0, 0, 0, 2));
    }

    @Test
    void filterValueWithQuotesAndPercentIsBoundNotSpliced() {
        // the bill group code x%'" exists and has no accounts: a spliced value would break or match everything
        assertThat(invites.counts(D1.withBillGroup("x%'\"")).contacts()).isZero();
        assertThat(invites.detailCount(DetailQuery.of(D1, CountGroup.NOT_INVITED).withSearch("%"))).isZero();
        assertThat(invites.detailCount(DetailQuery.of(D1, CountGroup.NOT_INVITED).withSearch("'; DROP TABLE contact; --"))).isZero();
        assertThat(invites.counts(D1).contacts()).isEqualTo(10);
    }

    @Test
    void unknownCodesAreBadInputNamingTheValue() {
        assertThatThrownBy(() -> invites.counts(InviteFilter.forDivision("NOPE")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'NOPE'")
                .extracting(e -> ((BadInputException) e).field()).isEqualTo(org.invitedesk.domain.InputField.DIVISION);
        assertThatThrownBy(() -> invites.counts(D1.withAccountClass("ZZZ")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("account class 'ZZZ'");
    }

    @Test
    void detailRowsMatchEveryCount() {
        for (InviteFilter f : List.of(D1, D1.withIncludeInvited(true), D1.withBalanceDue(true), D1.withBillingContacts(true),
                D1.withActiveService(true), D1.withNoAutopay(true).withIncludeInvited(true))) {
            Counts c = invites.counts(f);
            for (CountGroup g : List.of(CountGroup.NOT_INVITED, CountGroup.INVITED_NOT_ACCEPTED, CountGroup.HAS_PORTAL_ACCOUNT,
                    CountGroup.NO_VALID_EMAIL, CountGroup.WILL_RECEIVE)) {
                DetailQuery q = DetailQuery.of(f, g);
                assertThat(invites.detailCount(q)).as(g + " " + f.describe()).isEqualTo(c.of(g));
                assertThat(invites.detailPageAfter(q, null, 100)).hasSize((int) c.of(g));
            }
        }
    }

    @Test
    void pagesNeitherLoseNorRepeatRowsUnderEverySort() {
        DetailQuery base = DetailQuery.of(D1, CountGroup.NOT_INVITED);
        long total = invites.detailCount(base);
        for (DetailSort s : DetailSort.values()) {
            for (boolean desc : new boolean[]{false, true}) {
                DetailQuery q = base.withSort(s, desc);
                Set<Long> seen = new HashSet<>();
                DetailRow after = null;
                for (List<DetailRow> page = invites.detailPageAfter(q, null, 3); !page.isEmpty();
                     page = invites.detailPageAfter(q, after, 3)) {
                    for (DetailRow r : page) assertThat(seen.add(r.contactId())).as(s + " " + desc).isTrue();
                    after = page.get(page.size() - 1);
                }
                assertThat(seen).hasSize((int) total);
            }
        }
    }

    @Test
    void searchNarrowsByNameEmailOrAccount() {
        assertThat(invites.detailCount(DetailQuery.of(D1, CountGroup.NOT_INVITED).withSearch("archer"))).isEqualTo(3);
        assertThat(invites.detailCount(DetailQuery.of(D1, CountGroup.NOT_INVITED).withSearch("bob@"))).isEqualTo(1);
        assertThat(invites.detailCount(DetailQuery.of(D1, CountGroup.NOT_INVITED).withSearch("A5"))).isEqualTo(1);
    }

    @Test
    void csvExportWritesHeaderAndOneLinePerRow() {
        StringWriter w = new StringWriter();
        long n = invites.exportCsv(DetailQuery.of(D1, CountGroup.NOT_INVITED), w, x -> { }, () -> false);
        assertThat(n).isEqualTo(4);
        assertThat(w.toString().lines()).hasSize(5).first().asString().startsWith("account_number,");
    }
}

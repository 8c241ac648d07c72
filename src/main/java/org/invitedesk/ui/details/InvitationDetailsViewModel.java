package org.invitedesk.ui.details;

import com.google.inject.Inject;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.DetailSort;
import org.invitedesk.service.InviteService;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.UiExecutor;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One count group's rows, a page at a time from the database (never all rows in memory):
 * sorting and searching happen in the database too.
 */
public class InvitationDetailsViewModel {
    public static final int PAGE_SIZE = 200;

    private final InviteService invites;
    private final UiExecutor executor;
    private DetailQuery query;
    private final ObservableList<DetailRow> rows = FXCollections.observableArrayList();
    private final LongProperty total = new SimpleLongProperty(-1);
    /** The search the total was counted with ("" for none). */
    private final javafx.beans.property.StringProperty totalSearch = new javafx.beans.property.SimpleStringProperty("");
    private final LongProperty offset = new SimpleLongProperty();
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("Loading…");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean exportCancel = new AtomicBoolean();
    /** For page k, the row it starts after (null for the first page). */
    private final List<DetailRow> pageStarts = new java.util.ArrayList<>(java.util.Collections.singletonList(null));
    private final javafx.beans.property.DoubleProperty exportProgress = new javafx.beans.property.SimpleDoubleProperty(0);
    private final BooleanProperty exporting = new SimpleBooleanProperty(false);

    /** What withdrawing an invitation from this window needs: the service, the permission check, the confirmation, who. */
    public record Withdrawing(org.invitedesk.service.PortalService portal, org.invitedesk.service.PermissionService permissions,
                              org.invitedesk.ui.common.WindowService windows, org.invitedesk.domain.Login login) {
        @Inject
        public Withdrawing { }
    }

    private Withdrawing withdrawing;
    private final BooleanProperty mayWithdraw = new SimpleBooleanProperty(false);
    /** A line shown before the row range once (what the last action did). */
    private String notice;

    /** Makes the view model of one details window. */
    public static final class Factory {
        private final InviteService invites;
        private final UiExecutor executor;
        private final Withdrawing withdrawing;

        @Inject
        Factory(InviteService invites, UiExecutor executor, Withdrawing withdrawing) {
            this.invites = invites;
            this.executor = executor;
            this.withdrawing = withdrawing;
        }

        public InvitationDetailsViewModel create(DetailQuery query) {
            InvitationDetailsViewModel vm = new InvitationDetailsViewModel(invites, executor, query);
            vm.allowWithdraw(withdrawing);
            return vm;
        }
    }

    /**
     * Offers Withdraw in the "Invited, not accepted" group to a user with permission 390 (looked
     * up in the background).
     */
    public void allowWithdraw(Withdrawing w) {
        this.withdrawing = w;
        if (query.group() != org.invitedesk.domain.CountGroup.INVITED_NOT_ACCEPTED) return;
        executor.run(() -> w.permissions().user(w.login().name()).holds(org.invitedesk.domain.Permissions.SEND_PORTAL_INVITATIONS),
                mayWithdraw::set, e -> { });
    }

    /** Withdraws the invitations delivered to the row's address, after the user confirms; the rows then reload. */
    public void withdraw(DetailRow row) {
        if (!mayWithdraw.get() || row == null || row.email() == null) return;
        String email = row.email().strip();
        if (!withdrawing.windows().confirm("Withdraw invitation", "Withdraw the invitation sent to " + email
                + "? Its link stops working, and the address counts as not invited again (a later send may invite it anew).", "Withdraw")) {
            return;
        }
        executor.run(() -> withdrawing.portal().withdraw(email, withdrawing.login().name()), n -> {
            notice = n == 0 ? "Nothing withdrawn for " + email + " (accepted meanwhile, or waiting in a batch)." : "Withdrawn: " + email + ".";
            reload();
            if (n > 0) afterWithdraw.run(); // the main window's counts move the address too
        }, e -> status.set(Messages.of(e)));
    }

    public BooleanProperty mayWithdraw() { return mayWithdraw; }

    private Runnable afterWithdraw = () -> { };

    /** Runs after an invitation was withdrawn from this window. */
    public void onWithdrawn(Runnable r) { afterWithdraw = r == null ? () -> { } : r; }

    public InvitationDetailsViewModel(InviteService invites, UiExecutor executor, DetailQuery query) {
        this.invites = invites;
        this.executor = executor;
        this.query = query;
    }

    public void reload() {
        offset.set(0);
        pageStarts.clear();
        pageStarts.add(null);
        load(true);
    }

    private void load(boolean recount) {
        DetailQuery q = query.withSearch(search.get());
        long off = offset.get();
        DetailRow after = pageStarts.get(pageStarts.size() - 1);
        long gen = generation.incrementAndGet();
        loading.set(true);
        status.set("Loading…");
        if (recount) total.set(-1);
        // the page first (it is what the user looks at), then the row count
        executor.run(() -> invites.detailPageAfter(q, after, PAGE_SIZE), (List<DetailRow> page) -> {
            if (gen != generation.get()) return;
            rows.setAll(page);
            loading.set(false);
            showStatus(off, page.size());
            if (recount) {
                executor.run(() -> invites.detailCount(q), n -> {
                    if (gen != generation.get()) return;
                    totalSearch.set(q.search() == null ? "" : q.search().strip());
                    total.set(n);
                    showStatus(off, rows.size());
                }, e -> { if (gen == generation.get()) status.set(Messages.of(e)); });
            }
        }, e -> {
            if (gen != generation.get()) return;
            loading.set(false);
            status.set(Messages.of(e));
        });
    }

    private void showStatus(long off, int shown) {
        String before = notice == null ? "" : notice + " ";
        if (total.get() < 0) status.set(before + (shown == 0 ? "No rows." : String.format("Rows %,d–%,d (counting…)", off + 1, off + shown)));
        else {
            status.set(before + (total.get() == 0 ? "No rows." : String.format("Rows %,d–%,d of %,d", off + 1, off + shown, total.get())));
            notice = null;
        }
    }

    /** The next page, fetched after the last row shown (keyset paging, no OFFSET). */
    public void next() {
        if (offset.get() + PAGE_SIZE < total.get() && !rows.isEmpty()) {
            pageStarts.add(rows.get(rows.size() - 1));
            offset.set(offset.get() + PAGE_SIZE);
            load(false);
        }
    }

    public void previous() {
        if (pageStarts.size() > 1) {
            pageStarts.remove(pageStarts.size() - 1);
            offset.set(Math.max(0, offset.get() - PAGE_SIZE));
            load(false);
        }
    }

    public void sortBy(DetailSort sort, boolean descending) {
        query = query.withSort(sort, descending);
        reload();
    }

    /** Streams every row of the group (with the current search and sort) to a CSV file. */
    public void exportCsv(Path file, Runnable done) {
        DetailQuery q = query.withSearch(search.get());
        exportCancel.set(false);
        exporting.set(true);
        exportProgress.set(0);
        long expected = Math.max(1, total.get());
        status.set("Exporting…");
        executor.run(() -> {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                return invites.exportCsv(q, w, n -> executor.post(() -> {
                    exportProgress.set(Math.min(1.0, (double) n / expected));
                    status.set(String.format("Exported %,d of about %,d rows…", n, expected));
                }), exportCancel::get);
            }
        }, n -> {
            exporting.set(false);
            exportProgress.set(exportCancel.get() ? 0 : 1);
            status.set(exportCancel.get() ? "Export cancelled; the file holds the rows written so far." : String.format("Exported %,d rows to %s", n, file));
            done.run();
        }, e -> {
            exporting.set(false);
            status.set("Export failed: " + Messages.of(e));
        });
    }

    public void cancelExport() { exportCancel.set(true); }

    public DetailQuery query() { return query; }
    public ObservableList<DetailRow> rows() { return rows; }
    public LongProperty total() { return total; }
    public javafx.beans.property.ReadOnlyStringProperty totalSearch() { return totalSearch; }
    public javafx.beans.property.DoubleProperty exportProgress() { return exportProgress; }
    public BooleanProperty exporting() { return exporting; }
    public LongProperty offset() { return offset; }
    public StringProperty search() { return search; }
    public StringProperty status() { return status; }
    public BooleanProperty loading() { return loading; }
}

package org.invitedesk.service;

import com.google.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Db;
import org.invitedesk.data.FilterParams;
import org.invitedesk.data.LookupMapper;
import org.invitedesk.data.RecipientMapper;
import org.invitedesk.data.TemplateMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.DivisionLookups;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.Lookup;
import org.invitedesk.domain.LookupKind;
import org.invitedesk.domain.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.BooleanSupplier;

/** Divisions, lookups, templates, counts and the rows of a count group. No JavaFX here. */
public class InviteService {
    public static final String[] CSV_HEADER = {"account_number", "account_name", "contact_name", "email", "billing_contact",
            "account_class", "bill_group", "invitation_status", "last_invited_at", "times_invited", "accepted_at", "last_error"};

    /** A filter resolved once: its division and the ids the SQL binds. */
    public record Scope(Division division, FilterParams params) { }

    private final Db db;
    private final Clock clock;

    @Inject
    public InviteService(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public List<Division> divisions() { return db.read(LookupMapper.class, LookupMapper::divisions); }

    public Division division(String code) {
        if (code == null || code.isBlank()) throw new BadInputException(InputField.DIVISION, "Choose a division.");
        Division d = db.read(LookupMapper.class, m -> m.divisionByCode(code.strip()));
        if (d == null) throw new BadInputException(InputField.DIVISION, "Unknown division '" + code.strip() + "'.");
        return d;
    }

    public DivisionLookups lookups(String divisionCode) {
        Division d = division(divisionCode);
        return db.read(LookupMapper.class, m -> new DivisionLookups(
                natural(m.lookups(LookupKind.ACCOUNT_CLASS, d.id())), natural(m.lookups(LookupKind.BILL_GROUP, d.id())),
                natural(m.lookups(LookupKind.ACCOUNT_SOURCE, d.id())), natural(m.lookups(LookupKind.SITE_SOURCE, d.id()))));
    }

    /** Lookups by name as people read them: "Cycle 2" before "Cycle 10". */
    private static List<Lookup> natural(List<Lookup> lookups) {
        return lookups.stream().sorted(java.util.Comparator.comparing(Lookup::name, org.invitedesk.domain.NaturalOrder.INSTANCE)
                .thenComparing(Lookup::code, org.invitedesk.domain.NaturalOrder.INSTANCE)).toList();
    }

    public List<Template> activeTemplates() { return db.read(TemplateMapper.class, TemplateMapper::active); }

    public Template activeTemplate(String name) {
        if (name == null || name.isBlank()) throw new BadInputException(InputField.TEMPLATE, "Choose a template.");
        Template t = db.read(TemplateMapper.class, m -> m.activeByName(name.strip()));
        if (t == null) throw new BadInputException(InputField.TEMPLATE, "Unknown or inactive template '" + name.strip() + "'.");
        return t;
    }

    public LocalDate today() { return LocalDate.now(clock); }

    /** Resolves codes to ids; an unknown code is a {@link BadInputException} naming it. */
    public FilterParams resolve(InviteFilter f) { return scope(f).params(); }

    /** The division and the resolved filter, in one go. */
    public Scope scope(InviteFilter f) {
        Division d = division(f.division());
        return new Scope(d, db.read(LookupMapper.class, m -> new FilterParams(d.id(),
                lookupId(m, d, LookupKind.ACCOUNT_CLASS, f.accountClass()),
                lookupId(m, d, LookupKind.BILL_GROUP, f.billGroup()),
                lookupId(m, d, LookupKind.ACCOUNT_SOURCE, f.accountSource()),
                lookupId(m, d, LookupKind.SITE_SOURCE, f.siteSource()),
                f.flags(), f.includeInvited(), today())));
    }

    private static Long lookupId(LookupMapper m, Division d, LookupKind kind, String code) {
        if (code == null || code.isBlank()) return null;
        Lookup l = m.lookupByCode(kind, d.id(), code.strip());
        if (l == null) {
            throw new BadInputException(InputField.of(kind), "Unknown " + kind.label() + " '" + code.strip() + "' in division " + d.code() + ".");
        }
        return l.id();
    }

    public Counts counts(InviteFilter f) {
        FilterParams p = resolve(f);
        boolean tally = tallyServes(p);
        Counts c = db.read(RecipientMapper.class, m -> m.counts(p, tally));
        if (tally && !tallyStillServes(p)) c = db.read(RecipientMapper.class, m -> m.counts(p, false));
        settleLater(p.divisionId());
        return c;
    }

    public long detailCount(DetailQuery q) {
        FilterParams p = q.group().isBatchGroup() ? null : resolve(q.filter());
        boolean tally = p != null && tallyServes(p);
        long n = db.read(RecipientMapper.class, m -> m.detailCount(p, q.group(), q.batchId(), pattern(q.search()), tally));
        if (tally && !tallyStillServes(p)) n = db.read(RecipientMapper.class, m -> m.detailCount(p, q.group(), q.batchId(), pattern(q.search()), false));
        return n;
    }

    /**
     * Whether the counts' tally can answer for these filters: always, except "Active service",
     * which the tally holds for one day (count_day); on a new day the first count moves it there
     * (a daily step of about a second at two million accounts). When it cannot (a writer holds the
     * day at that moment, or this computer's date is behind the tally's), the count is taken from
     * the contact rows: slower, still exact.
     */
    public boolean tallyServes(FilterParams p) {
        if (!p.flags().contains(org.invitedesk.domain.FilterFlag.ACTIVE_SERVICE)) return true;
        return db.read(RecipientMapper.class, m -> m.countDayAdvance(p.today()));
    }

    /**
     * After a count from the tally: whether its day was still this computer's date. The day only
     * moves forward, so the same day after the count means the same day during it; otherwise
     * (another computer's date passed midnight first) the count is taken again the slow way.
     */
    public boolean tallyStillServes(FilterParams p) {
        if (!p.flags().contains(org.invitedesk.domain.FilterFlag.ACTIVE_SERVICE)) return true;
        return p.today().equals(db.read(RecipientMapper.class, RecipientMapper::tallyDay));
    }

    /** Deltas past which a division's tally is folded together, after the count that noticed them. */
    static final long SETTLE_AFTER_DELTAS = 20_000;
    private static final java.util.concurrent.ExecutorService SETTLER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tally-settle");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<Long> settling = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Every change of a contact adds a row to the tally (a delta); many sends leave many, and each
     * count reads them all. After a count that found more than {@link #SETTLE_AFTER_DELTAS}, they
     * are folded together on a background thread (one statement; readers see before or after).
     */
    private void settleLater(long divisionId) {
        try {
            if (db.read(RecipientMapper.class, m -> m.tallyDeltas(divisionId)) < SETTLE_AFTER_DELTAS) return;
        } catch (RuntimeException e) {
            return; // the counts are already read; the next count looks again
        }
        if (!settling.add(divisionId)) return;
        SETTLER.execute(() -> {
            try {
                long n = settleTally(divisionId);
                org.slf4j.LoggerFactory.getLogger(InviteService.class).info("Folded {} rows of division {}'s count tally", n, divisionId);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(InviteService.class).warn("Could not fold division {}'s count tally: {}", divisionId, e.getMessage());
            } finally {
                settling.remove(divisionId);
            }
        });
    }

    /** Folds a division's tally deltas together now; returns how many rows it folded. */
    public long settleTally(long divisionId) {
        return db.read(RecipientMapper.class, m -> m.settleTally(divisionId));
    }

    /**
     * The page after {@code after} in the query's order (keyset paging: as fast deep in a
     * 500,000-row group as on its first page); {@code after} null gives the first page.
     */
    public List<DetailRow> detailPageAfter(DetailQuery q, DetailRow after, int limit) {
        FilterParams p = q.group().isBatchGroup() ? null : resolve(q.filter());
        return db.read(RecipientMapper.class, m -> m.detailPage(p, q.group(), q.batchId(), pattern(q.search()), q.sort(),
                q.descending(), 0, limit, after == null ? null : q.sort().keyOf(after), after == null ? null : after.contactId()));
    }

    /**
     * The first recipient (for previews, test sends and the queue's trial render): the first
     * address of Will receive by account number, found walking that order's index.
     */
    public DetailRow firstRecipient(Scope scope) {
        List<DetailRow> first = db.read(RecipientMapper.class, m -> m.detailPage(scope.params(), CountGroup.WILL_RECEIVE, null, null,
                org.invitedesk.domain.DetailSort.ACCOUNT_NUMBER, false, 0, 1, null, null));
        return first.isEmpty() ? null : first.get(0);
    }

    /**
     * Streams the rows of a group to CSV without holding them in memory.
     * @return rows written
     */
    public long exportCsv(DetailQuery q, Writer out, LongConsumer progress, BooleanSupplier cancelled) {
        FilterParams p = q.group().isBatchGroup() ? null : resolve(q.filter());
        long n = 0;
        try (SqlSession s = db.openStreaming();
             Cursor<DetailRow> rows = s.getMapper(RecipientMapper.class).detailCursor(p, q.group(), q.batchId(),
                     pattern(q.search()), q.sort(), q.descending(), 0, Integer.MAX_VALUE, null, null);
             CSVPrinter csv = new CSVPrinter(new java.io.FilterWriter(out) {
                 @Override public void close() throws IOException { flush(); } // the caller owns the writer
             }, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (DetailRow r : rows) {
                if (cancelled.getAsBoolean()) break;
                csv.printRecord(r.accountNumber(), r.accountName(), r.contactName(), r.email(), r.billingContact(),
                        r.accountClass(), r.billGroup(), r.invitationStatus(), r.lastInvitedAt(), r.timesInvited(),
                        r.acceptedAt(), r.lastError());
                if (++n % 1000 == 0) progress.accept(n);
            }
            csv.flush();
            progress.accept(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /** Streams every recipient address (the Will receive group) to {@code each}; returns how many. */
    public long exportRows(Scope scope, java.util.function.Consumer<DetailRow> each) {
        FilterParams p = scope.params();
        long n = 0;
        try (SqlSession s = db.openStreaming();
             Cursor<DetailRow> rows = s.getMapper(RecipientMapper.class).detailCursor(p, CountGroup.WILL_RECEIVE, null, null,
                     org.invitedesk.domain.DetailSort.EMAIL, false, 0, Integer.MAX_VALUE, null, null)) {
            for (DetailRow r : rows) {
                each.accept(r);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /** A search text as a LIKE pattern with its wildcards escaped (bound, never spliced). */
    static String pattern(String search) {
        if (search == null || search.isBlank()) return null;
        String s = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + s + "%";
    }
}

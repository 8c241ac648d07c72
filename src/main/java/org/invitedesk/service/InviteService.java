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
        return db.read(RecipientMapper.class, m -> m.counts(p));
    }

    public long detailCount(DetailQuery q) {
        FilterParams p = q.group().isBatchGroup() ? null : resolve(q.filter());
        return db.read(RecipientMapper.class, m -> m.detailCount(p, q.group(), q.batchId(), pattern(q.search())));
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

    public DetailRow firstRecipient(Scope scope) {
        return db.read(RecipientMapper.class, m -> m.firstRecipient(scope.params()));
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

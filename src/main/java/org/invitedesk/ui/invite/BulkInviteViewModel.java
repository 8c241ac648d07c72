package org.invitedesk.ui.invite;

import com.google.inject.Inject;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.CurrentUser;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.DivisionLookups;
import org.invitedesk.domain.FilterFlag;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.Lookup;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.LookupKind;
import org.invitedesk.domain.Permissions;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.Template;
import org.invitedesk.mail.EmailAddresses;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.template.TemplateException;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.preview.MessagePreview;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state and decisions of the "Send Bulk Customer Portal Invites" screen. Knows no
 * scene graph: the view binds to these properties; windows open through {@link WindowService}.
 */
public class BulkInviteViewModel {
    /** The "(All)" entry at the top of each lookup list (no real lookup has id 0). */
    public static final Lookup ALL = new Lookup(0, "", "(All)");

    private final InviteService invites;
    private final SendRun run;
    private final PermissionService permissions;
    private final UiExecutor executor;
    private final WindowService windows;
    private final String login;

    private final ObservableList<Division> divisions = FXCollections.observableArrayList();
    private final ObjectProperty<Division> division = new SimpleObjectProperty<>();
    private final Map<LookupKind, ObservableList<Lookup>> lookupLists = new EnumMap<>(LookupKind.class);
    private final Map<LookupKind, ObjectProperty<Lookup>> lookupChoice = new EnumMap<>(LookupKind.class);
    private final Map<FilterFlag, BooleanProperty> flags = new EnumMap<>(FilterFlag.class);
    private final BooleanProperty limitToNotInvited = new SimpleBooleanProperty(true);
    private final StringProperty emailFrom = new SimpleStringProperty("");
    private final StringProperty emailFromError = new SimpleStringProperty("");
    private final ObservableList<Template> templates = FXCollections.observableArrayList();
    private final ObjectProperty<Template> template = new SimpleObjectProperty<>();
    private final StringProperty templateError = new SimpleStringProperty("");
    private final ObjectProperty<Counts> counts = new SimpleObjectProperty<>();
    private final BooleanProperty counting = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    /** What the last action did ("Test invitation sent to …"): shown until the next change of the inputs, then what blocks Send is. */
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty mayLook = new SimpleBooleanProperty(false);
    private final BooleanProperty maySend = new SimpleBooleanProperty(false);
    private final StringProperty permissionMessage = new SimpleStringProperty("");
    private final BooleanBinding canSend;
    private final StringBinding sendBlocker;
    private final StringBinding statusLine;
    private final AtomicLong countGeneration = new AtomicLong();
    private boolean loadingDivision;

    @Inject
    public BulkInviteViewModel(InviteService invites, SendRun.Services sending, PermissionService permissions, UiExecutor executor,
                               WindowService windows, Login login) {
        this.invites = invites;
        this.run = new SendRun(sending, executor, windows, login.name(), this::refreshCounts);
        this.permissions = permissions;
        this.executor = executor;
        this.windows = windows;
        this.login = login.name();
        for (LookupKind k : LookupKind.values()) {
            lookupLists.put(k, FXCollections.observableArrayList(List.of(ALL)));
            ObjectProperty<Lookup> p = new SimpleObjectProperty<>(ALL);
            p.addListener((o, a, b) -> { if (!loadingDivision) refreshCounts(); });
            lookupChoice.put(k, p);
        }
        division.addListener((o, a, d) -> onDivisionChanged(d));
        for (FilterFlag f : FilterFlag.values()) flags.put(f, new SimpleBooleanProperty());
        for (BooleanProperty b : flags.values()) b.addListener((o, x, y) -> refreshCounts());
        limitToNotInvited.addListener((o, x, y) -> refreshCounts());
        emailFrom.addListener((o, a, b) -> emailFromError.set(EmailAddresses.problemWithFrom(b).orElse("")));
        emailFromError.set(EmailAddresses.problemWithFrom(emailFrom.get()).orElse(""));
        template.addListener((o, a, t) -> checkTemplate(t));
        canSend = Bindings.createBooleanBinding(() -> division.get() != null && emailFromError.get().isEmpty()
                        && template.get() != null && templateError.get().isEmpty() && counts.get() != null
                        && counts.get().willReceive() > 0 && maySend.get() && !run.running().get() && !counting.get(),
                division, emailFromError, template, templateError, counts, maySend, run.running(), counting);
        sendBlocker = Bindings.createStringBinding(this::firstThingMissing, division, template, emailFromError, templateError, counts,
                maySend, run.running(), counting);
        statusLine = Bindings.createStringBinding(() -> !status.get().isEmpty() ? status.get()
                        : !notice.get().isEmpty() ? notice.get() : !sendBlocker.get().isEmpty() ? sendBlocker.get() : InviteTexts.ready(counts.get()),
                status, sendBlocker, notice, counts);
        for (javafx.beans.Observable input : List.of(division, template, emailFrom, counts)) input.addListener(x -> notice.set(""));
    }

    /** Why Send is disabled, in one sentence: the first thing missing; empty when it may be pressed (or while counting). */
    private String firstThingMissing() {
        if (division.get() == null) return "Choose an account division to begin.";
        if (run.running().get()) return "A send is running; the inputs that define it are locked until it ends.";
        if (template.get() == null) return "Choose a notification template.";
        if (!emailFromError.get().isEmpty()) return "Email From is not a valid address: " + emailFromError.get();
        if (!templateError.get().isEmpty()) return "The template cannot be used: " + templateError.get();
        if (counting.get() || counts.get() == null) return "";
        if (counts.get().willReceive() == 0) return "Nobody to invite with these filters.";
        if (!maySend.get()) return "You need permission 390 \"Send Account Portal Invitations\" to send.";
        return "";
    }

    /** Loads divisions, templates and the user's permissions (in the background). */
    public void load() {
        status.set("Loading…");
        executor.run(() -> new Object[]{invites.divisions(), invites.activeTemplates(), permissions.user(login)}, r -> {
            @SuppressWarnings("unchecked") List<Division> ds = (List<Division>) r[0];
            @SuppressWarnings("unchecked") List<Template> ts = (List<Template>) r[1];
            CurrentUser u = (CurrentUser) r[2];
            divisions.setAll(ds);
            templates.setAll(ts);
            maySend.set(u.holds(Permissions.SEND_PORTAL_INVITATIONS));
            permissionMessage.set(maySend.get() ? "" : PermissionService.denied(u));
            status.set(ds.isEmpty() ? "The database has no divisions yet." : "");
            loaded.set(true);
        }, e -> status.set(Messages.of(e)));
    }

    private final javafx.beans.property.BooleanProperty loaded = new javafx.beans.property.SimpleBooleanProperty();

    /** Runs {@code then} once the divisions, templates and the user's permissions are in (at once when they are). */
    public void whenLoaded(Runnable then) { org.invitedesk.ui.common.WhenTrue.once(loaded, then); }

    private void onDivisionChanged(Division d) {
        counts.set(null);
        if (d == null) {
            mayLook.set(false);
            return;
        }
        emailFrom.set(d.email());
        loadingDivision = true;
        for (LookupKind k : LookupKind.values()) replaceLookups(k, List.of(ALL));
        // sending again to addresses already invited is a choice made for one division: another starts without it
        limitToNotInvited.set(true);
        loadingDivision = false;
        mayLook.set(true);
        status.set("Loading " + d.name() + "…");
        executor.run(() -> invites.lookups(d.code()), (DivisionLookups l) -> {
            if (!d.equals(division.get())) return;
            loadingDivision = true;
            for (LookupKind k : LookupKind.values()) {
                List<Lookup> all = new java.util.ArrayList<>();
                all.add(ALL);
                all.addAll(l.of(k));
                replaceLookups(k, all);
            }
            loadingDivision = false;
            refreshCounts();
        }, e -> status.set(Messages.of(e)));
        refreshCounts();
    }

    /**
     * A lookup box's list replaced, "(All)" chosen. Nothing is chosen while the list changes: a
     * searchable box keeps its own filtered copy of the list, which learns of the change after
     * the box does, so a choice moved by the change made the box look itself up in the stale copy
     * and throw.
     */
    private void replaceLookups(LookupKind k, List<Lookup> items) {
        lookupChoice.get(k).set(null);
        lookupLists.get(k).setAll(items);
        lookupChoice.get(k).set(ALL);
    }

    public InviteFilter filter() {
        Division d = division.get();
        Set<FilterFlag> ticked = EnumSet.noneOf(FilterFlag.class);
        flags.forEach((f, p) -> { if (p.get()) ticked.add(f); });
        return new InviteFilter(d == null ? null : d.code(), code(LookupKind.ACCOUNT_CLASS), code(LookupKind.BILL_GROUP),
                code(LookupKind.ACCOUNT_SOURCE), code(LookupKind.SITE_SOURCE), ticked, !limitToNotInvited.get());
    }

    private String code(LookupKind k) {
        Lookup l = lookupChoice.get(k).get();
        return l == null || ALL.equals(l) ? null : l.code();
    }

    /** Counts in the background; an older answer never overwrites a newer one. */
    public void refreshCounts() {
        if (division.get() == null) return;
        InviteFilter f = filter();
        long gen = countGeneration.incrementAndGet();
        boolean quiet = run.running().get(); // following a send: no "Counting…" every few seconds
        counting.set(true);
        if (!quiet) status.set("Counting…");
        executor.run(() -> invites.counts(f), c -> {
            if (gen != countGeneration.get()) return;
            counts.set(c);
            counting.set(false);
            if (!quiet) status.set("");
            if (c.waitingInBatch() > 0) run.offerUnfinished(division.get().code());
        }, e -> {
            if (gen != countGeneration.get()) return;
            counting.set(false);
            counts.set(null);
            status.set(Messages.of(e));
        });
    }

    private void checkTemplate(Template t) {
        templateError.set("");
        if (t == null) return;
        executor.run(() -> { run.services().preview().check(t); return true; }, ok -> { }, e -> {
            if (t.equals(template.get())) templateError.set(e instanceof TemplateException te ? te.getMessage() : Messages.of(e));
        });
    }

    public void preview() {
        Template t = template.get();
        if (t == null || division.get() == null) return;
        InviteFilter f = filter();
        String from = emailFrom.get().strip();
        executor.run(() -> run.services().preview().previewFor(t, f),
                p -> windows.showPreview(new MessagePreview(t.name(), from, p.to(), p.message())), e -> {
            if (e instanceof TemplateException te) templateError.set(te.getMessage());
            windows.showError(Messages.of(e));
        });
    }

    /** Opens the Batches window; a batch resumed there runs here, where its progress shows. */
    public void openBatches() { windows.openBatches(this::resume); }

    /** Opens the templates window; after a save the picker shows the newest active versions. */
    public void openTemplates() {
        windows.openTemplates(this::reloadTemplates, template.get() == null ? null : template.get().name(),
                division.get() == null ? null : division.get().code());
    }

    /** Reloads the active templates, keeping the chosen one (by key) when it is still active. */
    public void reloadTemplates() {
        executor.run(invites::activeTemplates, ts -> {
            Template was = template.get();
            templates.setAll(ts);
            template.set(was == null ? null : ts.stream().filter(t -> t.templateKey().equals(was.templateKey())).findFirst().orElse(null));
        }, e -> status.set(Messages.of(e)));
    }

    public String confirmationText() {
        return InviteTexts.confirmation(counts.get() == null ? 0 : counts.get().willReceive(), emailFrom.get(), template.get().name());
    }

    public void openDetails(CountGroup g) {
        if (division.get() == null) return;
        InviteFilter f = filter();
        windows.openDetails(f, g, null, g.label() + " — " + division.get().name() + " ("
                + (g == CountGroup.WILL_RECEIVE ? f.describe() : f.describeScope()) + ")", this::refreshCounts);
    }

    public void openFailedOfLastSend() {
        SendSummary s = run.lastSummary().get();
        if (s != null) windows.openDetails(filter(), CountGroup.FAILED_IN_BATCH, s.batchId(), "Failed in batch " + s.batchId());
    }

    /**
     * Asks for confirmation (saying how long the relay's quotas make it, and who sends: a sender
     * service, or this window), then queues and sends in the background, or schedules it.
     */
    public void send() {
        if (!canSend.get()) return;
        long n = counts.get() == null ? 0 : counts.get().willReceive();
        executor.run(() -> new Object[]{run.services().presence().serviceAlive(), run.services().presence().estimate(n)},
                r -> confirmAndStart(n, (Boolean) r[0], (String) r[1]), e -> windows.showError(Messages.of(e)));
    }

    private void confirmAndStart(long n, boolean serviceAlive, String estimate) {
        if (!canSend.get()) return;
        WindowService.SendWhen when = windows.confirmSend("Send invitations", InviteTexts.confirmSend(confirmationText(), estimate, serviceAlive));
        if (when == null) return;
        java.time.OffsetDateTime at = when.at() == null ? null : when.at().atZone(java.time.ZoneId.systemDefault()).toOffsetDateTime();
        run.start(filter(), template.get().name(), emailFrom.get(), n, at);
    }

    /** Resumes an unfinished batch (offered at start or in place), with the configured connections and rate. */
    public void resume(long batchId) { run.resume(batchId); }

    public void cancelSend() { run.cancel(); }

    private String lastTestAddress = "";

    public void sendTest() {
        Template t = template.get();
        if (t == null || division.get() == null) return;
        // the dialog offers the address typed last time, sent or refused (a typo is corrected, not retyped)
        String to = windows.ask("Send test to me", "Your email address (the test is marked [TEST] and records nothing):", lastTestAddress);
        if (to == null) return;
        lastTestAddress = to;
        InviteFilter f = filter();
        String from = emailFrom.get();
        executor.run(() -> { run.services().preview().sendTest(t, f, from, to, login); return to; },
                x -> notice.set("Test invitation sent to " + x.strip() + "."), e -> windows.showError(Messages.of(e)));
    }

    public ObservableList<Division> divisions() { return divisions; }
    public ObjectProperty<Division> division() { return division; }
    public ObservableList<Lookup> lookups(LookupKind k) { return lookupLists.get(k); }
    public ObjectProperty<Lookup> lookup(LookupKind k) { return lookupChoice.get(k); }
    public BooleanProperty flag(FilterFlag f) { return flags.get(f); }
    public BooleanProperty limitToNotInvited() { return limitToNotInvited; }
    public StringProperty emailFrom() { return emailFrom; }
    public StringProperty emailFromError() { return emailFromError; }
    public ObservableList<Template> templates() { return templates; }
    public ObjectProperty<Template> template() { return template; }
    public StringProperty templateError() { return templateError; }
    public ObjectProperty<Counts> counts() { return counts; }
    public BooleanProperty counting() { return counting; }
    public StringProperty status() { return status; }
    /** What the status line shows: a background state or failure, else why Send is disabled, else ready. */
    public StringBinding statusLine() { return statusLine; }
    /** Why Send is disabled (its tooltip); empty when it is not. */
    public StringBinding sendBlocker() { return sendBlocker; }
    public BooleanProperty mayLook() { return mayLook; }
    public BooleanProperty maySend() { return maySend; }
    public StringProperty permissionMessage() { return permissionMessage; }
    public BooleanProperty sending() { return run.running(); }
    public DoubleProperty progress() { return run.progress(); }
    public StringProperty progressText() { return run.progressText(); }
    public ObjectProperty<SendSummary> lastSummary() { return run.lastSummary(); }
    public SendRun run() { return run; }
    public BooleanBinding canSend() { return canSend; }
}

package org.invitedesk.ui.templates;

import com.google.inject.Inject;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invitedesk.domain.DetailRow;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Login;
import org.invitedesk.domain.Template;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.TemplateService;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.ui.common.Messages;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Notification Templates window: the list, the editor, and a live preview rendered off the
 * FX thread for a real recipient of a chosen division. A render error (line, column, reason)
 * blocks saving. The view debounces typing and calls {@link #refreshPreview()}.
 */
public class TemplatesViewModel {
    static final String STARTER_HTML = "<p>Dear $contact.firstName,</p>\n"
            + "<p>You can now see your bills for account $account.number and pay them online.</p>\n"
            + "<p><a href=\"$inviteUrl\">Create your portal account</a> (the link works until $expiresOn).</p>\n"
            + "<p>$division.name</p>\n";
    static final String STARTER_TEXT = "Dear $contact.firstName,\n\nYou can now see your bills for account $account.number "
            + "and pay them online.\n\nCreate your portal account: $inviteUrl\n(the link works until $expiresOn)\n\n$division.name\n";

    private final TemplateService templates;
    private final InviteService invites;
    private final UiExecutor executor;
    private final String login;
    private final Runnable onSaved;

    private final ObservableList<Template> list = FXCollections.observableArrayList();
    private final ObjectProperty<Template> selected = new SimpleObjectProperty<>();
    private final ObservableList<Division> divisions = FXCollections.observableArrayList();
    private final ObjectProperty<Division> division = new SimpleObjectProperty<>();
    private final ObservableList<DetailRow> samples = FXCollections.observableArrayList();
    private final ObjectProperty<DetailRow> sample = new SimpleObjectProperty<>();

    private final StringProperty templateKey = new SimpleStringProperty();
    private final StringProperty name = new SimpleStringProperty("");
    private final BooleanProperty active = new SimpleBooleanProperty(true);
    private final StringProperty subject = new SimpleStringProperty("");
    private final StringProperty html = new SimpleStringProperty("");
    private final StringProperty text = new SimpleStringProperty("");
    private final BooleanProperty editing = new SimpleBooleanProperty(false);

    private final StringProperty previewSubject = new SimpleStringProperty("");
    private final StringProperty previewHtml = new SimpleStringProperty("");
    private final StringProperty previewText = new SimpleStringProperty("");
    /** The newest edit did not render: the preview still shows the last one that did. */
    private final javafx.beans.property.BooleanProperty previewStale = new javafx.beans.property.SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty checking = new SimpleBooleanProperty(false);
    private final BooleanProperty mayEdit = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanBinding canSave;
    private final BooleanBinding dirty;
    /** The version in the editor as loaded; null for a new template. */
    private final ObjectProperty<Template> original = new SimpleObjectProperty<>();
    private WindowService windows;
    private final AtomicLong previewGeneration = new AtomicLong();

    /** Makes the view model of one Notification Templates window. */
    public static final class Factory {
        private final TemplateService templates;
        private final InviteService invites;
        private final UiExecutor executor;
        private final Login login;

        @Inject
        Factory(TemplateService templates, InviteService invites, UiExecutor executor, Login login) {
            this.templates = templates;
            this.invites = invites;
            this.executor = executor;
            this.login = login;
        }

        public TemplatesViewModel create(Runnable onSaved, WindowService windows) {
            TemplatesViewModel vm = new TemplatesViewModel(templates, invites, executor, login.name(), onSaved);
            vm.windows = windows;
            return vm;
        }
    }

    public TemplatesViewModel(TemplateService templates, InviteService invites, UiExecutor executor, String login, Runnable onSaved) {
        this.templates = templates;
        this.invites = invites;
        this.executor = executor;
        this.login = login;
        this.onSaved = onSaved == null ? () -> { } : onSaved;
        dirty = Bindings.createBooleanBinding(this::changed, editing, original, name, active, subject, html, text);
        canSave = Bindings.createBooleanBinding(() -> mayEdit.get() && editing.get() && !busy.get() && !checking.get()
                        && error.get().isEmpty() && !name.get().isBlank() && dirty.get(),
                mayEdit, editing, busy, checking, error, name, dirty);
        selected.addListener((o, a, t) -> { if (t != null) edit(t); });
        division.addListener((o, a, d) -> loadSamples(d));
        sample.addListener((o, a, b) -> refreshPreview());
    }

    private String startTemplate;
    private String startDivision;

    /** The template and division to open on (the send screen's choice), when they exist. */
    public void startWith(String templateName, String divisionCode) {
        startTemplate = templateName;
        startDivision = divisionCode;
    }

    /** Loads the list, the divisions and whether the user may edit (in the background). */
    public void load() {
        status.set("Loading templates…");
        executor.run(() -> new Object[]{templates.all(), invites.divisions(), templates.mayEdit(login)}, r -> {
            @SuppressWarnings("unchecked") List<Template> ts = (List<Template>) r[0];
            @SuppressWarnings("unchecked") List<Division> ds = (List<Division>) r[1];
            list.setAll(ts);
            divisions.setAll(ds);
            mayEdit.set((Boolean) r[2]);
            status.set(mayEdit.get() ? "Choose a template to edit, or New." : "You may look at templates; changing them needs permission 120 \"Maintain Notification Templates\".");
            if (division.get() == null && !ds.isEmpty()) {
                division.set(ds.stream().filter(d -> d.code().equals(startDivision)).findFirst().orElse(ds.get(0)));
            }
            if (selected.get() == null && !ts.isEmpty()) {
                selected.set(ts.stream().filter(t -> t.name().equals(startTemplate)).findFirst().orElse(ts.get(0)));
            }
        }, e -> status.set(Messages.of(e)));
    }

    /** Something in the editor differs from the version loaded (a new template always does). */
    private boolean changed() {
        if (!editing.get()) return false;
        Template o = original.get();
        if (o == null) return true;
        return !name.get().equals(o.name()) || active.get() != o.active() || !subject.get().equals(o.subject())
                || !html.get().equals(o.htmlBody()) || !text.get().equals(o.textBody());
    }

    /**
     * Runs {@code next} (open another template, start a new one, close the window) once unsaved
     * edits are dealt with: the user chooses Save, Discard or Cancel. Returns false when cancelled.
     */
    public boolean leaveThen(Runnable next) {
        if (!dirty.get() || !mayEdit.get() || windows == null) {
            next.run();
            return true;
        }
        // edits that cannot be saved as they are: only Discard or Cancel, and why
        String whyNot = !error.get().isEmpty() ? error.get() : name.get().isBlank() ? "it needs a name." : null;
        if (whyNot != null && !whyNot.endsWith(".")) whyNot += ".";
        switch (windows.askUnsaved("The template \"" + name.get() + "\" has changes that are not saved.", whyNot)) {
            case SAVE -> {
                if (!canSave.get()) {
                    status.set("Not saved yet: the template is still being checked. Try again in a moment.");
                    return false;
                }
                afterSave = next;
                save();
                return true;
            }
            case DISCARD -> {
                next.run();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private Runnable afterSave;

    /** Opens {@code t} in the editor, after asking about unsaved edits; false when the user stays. */
    public boolean select(Template t) {
        if (t == null || t.equals(selected.get()) && editing.get()) return true;
        return leaveThen(() -> selected.set(t));
    }

    private void edit(Template t) {
        original.set(t);
        templateKey.set(t.templateKey());
        name.set(t.name());
        active.set(t.active());
        subject.set(t.subject());
        html.set(t.htmlBody());
        text.set(t.textBody());
        editing.set(true);
        status.set("Version " + t.version() + ", changed " + (t.changedAt() == null ? "" : t.changedAt().toLocalDate()) + " by " + t.changedBy() + ".");
        refreshPreview();
    }

    public void newTemplate() { leaveThen(this::startNew); }

    private void startNew() {
        original.set(null);
        selected.set(null);
        templateKey.set(null);
        name.set("New invitation");
        active.set(true);
        subject.set("Your $division.name portal invitation");
        html.set(STARTER_HTML);
        text.set(STARTER_TEXT);
        editing.set(true);
        status.set("A new template: change it, check the preview, then Save.");
        refreshPreview();
    }

    private void loadSamples(Division d) {
        samples.clear();
        sample.set(null);
        if (d == null) return;
        executor.run(() -> templates.samples(d.code(), 50), rows -> {
            if (!d.equals(division.get())) return;
            samples.setAll(rows);
            if (!rows.isEmpty()) sample.set(rows.get(0)); else refreshPreview();
        }, e -> status.set(Messages.of(e)));
    }

    public Template draft() {
        return new Template(0, templateKey.get(), 0, name.get(), subject.get(), html.get(), text.get(), active.get(), null, login);
    }

    /** Renders the editor's content for the chosen recipient, off the FX thread; the newest answer wins. */
    public void refreshPreview() {
        if (!editing.get()) return;
        Template d = draft();
        Division div = division.get();
        DetailRow s = sample.get();
        long gen = previewGeneration.incrementAndGet();
        checking.set(true);
        executor.run(() -> templates.preview(d, div == null ? null : div.code(), s), (RenderedMessage m) -> {
            if (gen != previewGeneration.get()) return;
            checking.set(false);
            // a name another template has is said while typing (the save checks again, under its lock)
            Template same = org.invitedesk.service.TemplateService.nameTakenBy(list, d.name(), templateKey.get());
            error.set(same == null ? "" : org.invitedesk.service.TemplateService.nameTaken(same));
            // a refused save's reason goes once the edit checks clean again (a new name, say)
            if (same == null && status.get().startsWith("Not saved")) status.set("Changed: Save new version when ready.");
            previewSubject.set(m.subject());
            previewHtml.set(m.html());
            previewText.set(m.text());
            previewStale.set(false);
        }, e -> {
            if (gen != previewGeneration.get()) return;
            checking.set(false);
            error.set(Messages.of(e));
            previewStale.set(true);
        });
    }

    /** Saves a new version; the main screen's picker is told. */
    public void save() {
        if (!canSave.get()) return;
        Template d = draft();
        busy.set(true);
        status.set("Saving…");
        executor.run(() -> templates.save(d, login), this::saved, e -> {
            busy.set(false);
            error.set(Messages.of(e));
            status.set("Not saved: " + Messages.of(e));
        });
    }

    public void duplicate() {
        Template t = selected.get();
        if (t == null || !mayEdit.get()) return;
        busy.set(true);
        executor.run(() -> templates.duplicate(t.id(), login), this::saved, e -> {
            busy.set(false);
            status.set(Messages.of(e));
        });
    }

    public void deactivate() {
        Template t = selected.get();
        if (t == null || !mayEdit.get() || !t.active()) return;
        busy.set(true);
        executor.run(() -> templates.deactivate(t.templateKey(), login), this::saved, e -> {
            busy.set(false);
            status.set(Messages.of(e));
        });
    }

    private void saved(Template t) {
        executor.run(templates::all, ts -> {
            busy.set(false);
            list.setAll(ts);
            Template fresh = ts.stream().filter(x -> x.templateKey().equals(t.templateKey())).findFirst().orElse(t);
            selected.set(fresh);
            status.set("Saved \"" + fresh.name() + "\" as version " + fresh.version() + (fresh.active() ? "." : " (inactive: not offered for sending)."));
            onSaved.run();
            Runnable next = afterSave;
            afterSave = null;
            if (next != null) next.run();
        }, e -> {
            busy.set(false);
            status.set(Messages.of(e));
        });
    }

    public ObservableList<Template> list() { return list; }
    public ObjectProperty<Template> selectedProperty() { return selected; }
    public ObservableList<Division> divisions() { return divisions; }
    public ObjectProperty<Division> divisionProperty() { return division; }
    public ObservableList<DetailRow> samples() { return samples; }
    public ObjectProperty<DetailRow> sampleProperty() { return sample; }
    public StringProperty nameProperty() { return name; }
    public BooleanProperty activeProperty() { return active; }
    public StringProperty subjectProperty() { return subject; }
    public StringProperty htmlProperty() { return html; }
    public StringProperty textProperty() { return text; }
    public BooleanProperty editingProperty() { return editing; }
    public StringProperty previewSubjectProperty() { return previewSubject; }
    public StringProperty previewHtmlProperty() { return previewHtml; }
    public StringProperty previewTextProperty() { return previewText; }
    public javafx.beans.property.ReadOnlyBooleanProperty previewStaleProperty() { return previewStale; }
    public StringProperty errorProperty() { return error; }
    public BooleanProperty mayEditProperty() { return mayEdit; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty statusProperty() { return status; }
    public BooleanBinding canSaveProperty() { return canSave; }
    public BooleanBinding dirtyProperty() { return dirty; }
}

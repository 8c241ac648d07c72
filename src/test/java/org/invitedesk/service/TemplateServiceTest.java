package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.domain.Template;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.template.TemplateException;
import org.invitedesk.template.VelocityTemplateRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writing templates against the real PostgreSQL: versions, names, deactivation, permission 120, the sandbox. */
class TemplateServiceTest {
    Database db;
    Services s;
    TemplateService templates;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        s = new Services(db, MailSettings.plain("127.0.0.1", 1));
        templates = s.get(TemplateService.class);
    }

    @AfterEach
    void tearDown() { db.close(); }

    static Template draft(String key, String name, String subject, String html, String text, boolean active) {
        return new Template(0, key, 0, name, subject, html, text, active, null, null);
    }

    Template standard() { return templates.all().stream().filter(t -> t.name().equals("Standard")).findFirst().orElseThrow(); }

    @Test
    void savingMakesANewVersionThePickerShowsAndTheOldBatchKeepsItsVersion() {
        Template v1 = standard();
        // a batch sent with version 1
        SendSummary q = s.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
        Template v2 = templates.save(draft(v1.templateKey(), "Standard", "New subject for $contact.firstName", v1.htmlBody(), v1.textBody(), true), "demo");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.changedBy()).isEqualTo("demo");
        assertThat(s.invites.activeTemplates()).extracting(Template::id).contains(v2.id()).doesNotContain(v1.id());
        assertThat(TestPostgres.queryLong(db, "SELECT template_id FROM invitation_batch WHERE id = " + q.batchId())).isEqualTo(v1.id());
        assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM notification_template WHERE template_key = 'std'")).isEqualTo(2);
    }

    @Test
    void aNewTemplateIsListedAndSendable() {
        Template t = templates.save(draft(null, "Spring campaign", "Hi $contact.firstName", "<p>Join: <a href=\"$inviteUrl\">here</a></p>",
                "Join: $inviteUrl", true), "demo");
        assertThat(t.version()).isEqualTo(1);
        assertThat(templates.all()).extracting(Template::name).contains("Spring campaign");
        assertThat(s.invites.activeTemplate("spring campaign").id()).isEqualTo(t.id());
    }

    @Test
    void deactivatingKeepsTheRowsButTakesItOffThePicker() {
        Template v1 = standard();
        Template off = templates.deactivate(v1.templateKey(), "demo");
        assertThat(off.active()).isFalse();
        assertThat(off.version()).isEqualTo(2);
        assertThat(s.invites.activeTemplates()).extracting(Template::name).doesNotContain("Standard");
        assertThat(templates.byId(v1.id())).isNotNull();
    }

    @Test
    void duplicateMakesAnInactiveCopyWithAFreeName() {
        Template copy = templates.duplicate(standard().id(), "demo");
        Template copy2 = templates.duplicate(standard().id(), "demo");
        assertThat(copy.name()).isEqualTo("Copy of Standard");
        assertThat(copy2.name()).isEqualTo("Copy of Standard (2)");
        assertThat(copy.active()).isFalse();
        assertThat(copy.templateKey()).isNotEqualTo("std");
    }

    @Test
    void badTemplatesAreRefusedWithWhereAndWhy() {
        assertThatThrownBy(() -> templates.save(draft(null, "Broken", "Hi", "<p>#if($contact.firstName)</p>\n<p>oops", "t", true), "demo"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("HTML body");
        assertThatThrownBy(() -> templates.save(draft(null, "Undefined", "Hi $contact.nickname", "<p>x</p>", "t", true), "demo"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Subject");
        assertThatThrownBy(() -> templates.save(draft(null, "Sneaky", "Hi",
                "$contact.getClass().forName('java.lang.Runtime').getRuntime().exec('id')", "t", true), "demo"))
                .isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> templates.save(draft(null, "standard", "Hi", "<p>x</p>", "t", true), "demo"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already called 'Standard'");
        assertThatThrownBy(() -> templates.save(draft(null, "  ", "Hi", "<p>x</p>", "t", true), "demo"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("Name:");
        assertThatThrownBy(() -> templates.save(draft(null, "Empty subject", " ", "<p>x</p>", "t", true), "demo"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Subject");
        assertThatThrownBy(() -> templates.save(draft(null, "Long subject", "Hi " + "x".repeat(VelocityTemplateRenderer.MAX_SUBJECT - 2), "<p>x</p>", "t", true), "demo"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Subject").hasMessageContaining("at most 200 characters (it has 201)");
        assertThatThrownBy(() -> templates.save(draft(null, "Huge", "Hi", "x".repeat(TemplateService.MAX_BODY + 1), "t", true), "demo"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("at most");
        assertThat(templates.all()).hasSize(2);
    }

    @Test
    void aSyntaxErrorSaysLineAndColumn() {
        TemplateException e = (TemplateException) org.assertj.core.api.Assertions.catchThrowable(() ->
                templates.preview(draft(null, "x", "Hi", "line one\nline two #end", "t", true), "D1", null));
        assertThat(e.part()).isEqualTo("HTML body");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
    }

    @Test
    void withoutPermission120OneMayLookButNotChange() {
        assertThat(templates.mayEdit("viewer")).isFalse();
        assertThat(templates.all()).isNotEmpty();
        assertThatThrownBy(() -> templates.save(draft(null, "Mine", "Hi", "<p>x</p>", "t", true), "viewer"))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("120");
        assertThatThrownBy(() -> templates.deactivate("std", "viewer")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void previewUsesARealRecipientOfTheDivisionAndEscapesTheirData() {
        var samples = templates.samples("D1", 20);
        assertThat(samples).isNotEmpty().allMatch(r -> r.email() != null);
        RenderedMessage m = templates.preview(standard(), "D1", samples.get(0));
        String first = samples.get(0).contactName().split(" ")[0];
        assertThat(m.subject()).isEqualTo("Hello " + first + " from Division One");
        assertThat(m.html()).contains(samples.get(0).accountNumber()).contains("token=PREVIEW-TOKEN");
    }

    /** An unclosed #if is named with its line, in words, not as a syntax error at the end of the text. */
    @Test
    void anUnclosedDirectiveIsNamedWithTheLineItOpensOn() {
        assertThatThrownBy(() -> templates.preview(draft(null, "Unclosed", "Hi", "<p>Hello</p>\n<p>\n#if($contact.firstName)\nDear</p>", "t", true),
                null, null))
                .isInstanceOf(org.invitedesk.template.TemplateException.class)
                .hasMessageContaining("HTML body").hasMessageContaining("line 3")
                .hasMessageContaining("#if opened on line 3 is never closed with #end");
    }
}

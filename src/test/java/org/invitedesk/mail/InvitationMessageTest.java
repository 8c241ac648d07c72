package org.invitedesk.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Template;
import org.invitedesk.template.MergeFields;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.template.VelocityTemplateRenderer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The message's wire form, written without Jakarta Activation, reads back as what was rendered. */
class InvitationMessageTest {
    private final Session session = Session.getInstance(new Properties());

    private MimeMessage roundTrip(RenderedMessage content, boolean test) throws Exception {
        MimeMessage built = InvitationMessage.build(session, "Invites <from@division.example>", "zoë@x.example".replace("ë", "e"),
                content, "<invitation-7@division.example>", test);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        built.writeTo(wire, new String[]{"Bcc", "Content-Length"});
        return new MimeMessage(session, new ByteArrayInputStream(wire.toByteArray()));
    }

    private static String part(MimeMessage m, int i) throws Exception {
        return ((String) ((MimeMultipart) m.getContent()).getBodyPart(i).getContent()).replace("\r\n", "\n");
    }

    private static String encoding(MimeMessage m, int i) throws Exception {
        return ((MimeBodyPart) ((MimeMultipart) m.getContent()).getBodyPart(i)).getEncoding();
    }

    @Test
    void asciiPartsGoAsTheyAreAndReadBackUnchanged() throws Exception {
        String text = "Dear Ann,\n\nPlease create your account: https://portal.example/invite?token=abc_DEF-12\n.\nFrom here\n";
        String html = "<p>Dear Ann,</p>\r\n<p><a href=\"https://portal.example/invite?token=abc_DEF-12\">Create it</a></p>";
        MimeMessage m = roundTrip(new RenderedMessage("Your portal invitation", html, text), false);
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        assertThat(((MimeMultipart) m.getContent()).getCount()).isEqualTo(2);
        assertThat(((MimeMultipart) m.getContent()).getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(((MimeMultipart) m.getContent()).getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(encoding(m, 0)).isEqualTo("7bit");
        assertThat(part(m, 0)).isEqualTo(text);
        assertThat(part(m, 1)).isEqualTo(html.replace("\r\n", "\n"));
        assertThat(m.getSubject()).isEqualTo("Your portal invitation");
        assertThat(m.getMessageID()).isEqualTo("<invitation-7@division.example>");
        assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Invites <from@division.example>");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("zoe@x.example");
        assertThat(m.getSentDate()).isCloseTo(new Date(), 60_000);
    }

    @Test
    void accentsAndLongLinesAreQuotedPrintableAndReadBackUnchanged() throws Exception {
        String text = "Chère Zoë Müller = 100 %,\n" + "x".repeat(1200) + "\nbye \n";
        String html = "<p>Chère Zoë, " + "votre portail client ".repeat(100) + "</p>"; // one line of 2,100 bytes
        MimeMessage m = roundTrip(new RenderedMessage("Votre invitation — café", html, text), true);
        assertThat(encoding(m, 0)).isEqualTo("quoted-printable");
        assertThat(encoding(m, 1)).isEqualTo("quoted-printable");
        assertThat(part(m, 0)).isEqualTo(text);
        assertThat(part(m, 1)).isEqualTo(html);
        assertThat(m.getSubject()).isEqualTo("[TEST] Votre invitation — café");
        assertThat(m.getHeader("X-Invite-Desk-Test", null)).isEqualTo("yes");
    }

    @Test
    void mostlyNonLatinTextIsBase64AndReadsBackUnchanged() throws Exception {
        String text = "Здравствуйте, Иван!\nВаш личный кабинет: https://portal.example/invite?token=abc\n顧客ポータルへようこそ 🎉\n";
        String html = "<p>Здравствуйте, Иван!</p><p>顧客ポータルへようこそ</p>";
        MimeMessage m = roundTrip(new RenderedMessage("Приглашение", html, text), false);
        assertThat(encoding(m, 0)).isEqualTo("base64");
        assertThat(encoding(m, 1)).isEqualTo("base64");
        assertThat(part(m, 0)).isEqualTo(text);
        assertThat(part(m, 1)).isEqualTo(html);
        assertThat(m.getSubject()).isEqualTo("Приглашение");
    }

    @Test
    void contentSetAfterwardsIsWrittenInsteadOfTheBuiltBody() throws Exception {
        MimeMessage built = InvitationMessage.build(session, "a@b.example", "c@d.example",
                new RenderedMessage("s", "<p>built</p>", "built"), "<i@b.example>", false);
        built.setText("replaced body", "UTF-8");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        built.writeTo(wire);
        MimeMessage back = new MimeMessage(session, new ByteArrayInputStream(wire.toByteArray()));
        assertThat(back.getContent()).isEqualTo("replaced body");
    }

    @Test
    void aSubjectMadeLongByAMergeFieldIsCutAtAWordAndItsHeaderFitsALine() throws Exception {
        Template t = new Template(0, "k", 1, "T", "Your account $account.name", "<p>x</p>", "x", true, null, null);
        for (String name : new String[]{"Acme ".repeat(300), "A".repeat(1200), "😀".repeat(600)}) {
            RenderedMessage m = new VelocityTemplateRenderer().compile(t).render(MergeFields.values(new MergeFields.Input("Pat", "Lee",
                    "p@x.example", "A1", name, new Division(1, "D", "Div", "d@x.example", "https://p.example/"), "https://p.example/?t=1",
                    "May 1, 2027")));
            assertThat(m.subject()).endsWith("…").hasSizeLessThanOrEqualTo(VelocityTemplateRenderer.MAX_RENDERED_SUBJECT + 1)
                    .doesNotContain("\uFFFD").startsWith("Your account ");
            if (name.startsWith("Acme")) assertThat(m.subject()).endsWith("Acme…");
            assertThat(Character.isHighSurrogate(m.subject().charAt(m.subject().length() - 2))).isFalse();
            MimeMessage built = InvitationMessage.build(session, "a@b.example", "c@d.example", m, "<i@b.example>", false);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            built.writeTo(wire);
            for (String line : wire.toString(StandardCharsets.US_ASCII).split("\r\n")) assertThat(line.length()).isLessThanOrEqualTo(998);
            assertThat(roundTrip(m, false).getSubject()).isEqualTo(m.subject());
        }
    }

    @Test
    void noLineOnTheWireIsLongerThanSmtpAllows() throws Exception {
        MimeMessage built = InvitationMessage.build(session, "a@b.example", "c@d.example",
                new RenderedMessage("s", "y".repeat(5000), "z".repeat(5000)), "<i@b.example>", false);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        built.writeTo(wire);
        for (String line : wire.toString(StandardCharsets.US_ASCII).split("\r\n")) assertThat(line.length()).isLessThanOrEqualTo(998);
        assertThat(MimeBody.sevenBit("ok\r\nfine".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(MimeBody.sevenBit("é".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}

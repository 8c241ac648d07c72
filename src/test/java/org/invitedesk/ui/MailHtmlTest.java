package org.invitedesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.invitedesk.ui.common.MailHtml;
import org.invitedesk.ui.common.MailHtml.Block;
import org.invitedesk.ui.common.MailHtml.Run;
import org.junit.jupiter.api.Test;

/** The HTML part as the preview lays it out: what a reader sees, in which style, and what is left out. */
class MailHtmlTest {

    private static List<String> lines(String html) {
        return MailHtml.layout(html).stream().map(Block::text).toList();
    }

    @Test
    void theDemoInvitationReadsAsParagraphsWithItsLinkAndBoldAccountNumber() {
        List<Block> blocks = MailHtml.layout("""
                <p>Dear Ann  Lee,</p>
                <p>You can now see your bills for account <b>A100</b> (Lee &amp; Sons) in the portal.</p>
                <p><a href="https://portal.example/i/abc">Create your portal login</a></p>
                <p>Kind regards,<br>Division One customer service</p>""");
        assertThat(blocks).extracting(Block::text).containsExactly(
                "Dear Ann Lee,",
                "You can now see your bills for account A100 (Lee & Sons) in the portal.",
                "Create your portal login",
                "Kind regards,\nDivision One customer service");
        assertThat(blocks.get(1).runs()).extracting(Run::text, Run::bold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("You can now see your bills for account ", false),
                        org.assertj.core.groups.Tuple.tuple("A100", true),
                        org.assertj.core.groups.Tuple.tuple(" (Lee & Sons) in the portal.", false));
        Run link = blocks.get(2).runs().get(0);
        assertThat(link.href()).isEqualTo("https://portal.example/i/abc");
        assertThat(link.underline()).isTrue();
    }

    @Test
    void stylesScriptsHeadAndImagesAreLeftOutButAnImageSaysWhatItShows() {
        assertThat(lines("""
                <html><head><title>T</title><style>p { color: red }</style></head>
                <body><script>alert('x')</script><p>Hello<img src="https://tracker.example/p.gif" alt="Our logo"></p>
                <img src="https://tracker.example/pixel.gif"></body></html>""")).containsExactly("Hello[Our logo]");
    }

    @Test
    void headingsListsTablesQuotesAndPreformattedText() {
        List<Block> blocks = MailHtml.layout("""
                <h1>Welcome</h1>
                <ul><li>Pay online</li><li>See <i>your</i> bills</li></ul>
                <ol><li>First</li><li>Second</li></ol>
                <table><tr><th>Account</th><td>A100</td></tr><tr><td>Balance</td><td>12.50</td></tr></table>
                <blockquote>Quoted</blockquote>
                <pre>line 1
                  line 2</pre>
                <hr>""");
        assertThat(blocks).extracting(Block::text).containsExactly(
                "Welcome", "• Pay online", "• See your bills", "1. First", "2. Second",
                "Account   A100", "Balance   12.50", "Quoted", "line 1\n  line 2", "────────");
        assertThat(blocks.get(0).heading()).isEqualTo(1);
        assertThat(blocks.get(1).indent()).isEqualTo(1);
        assertThat(blocks.get(7).indent()).isEqualTo(1);
        assertThat(blocks.get(8).runs()).allMatch(Run::monospace);
        assertThat(blocks.get(2).runs()).extracting(Run::text, Run::italic).contains(org.assertj.core.groups.Tuple.tuple("your", true));
    }

    @Test
    void numberedListsCountTheirItemsFromTheirStart() {
        assertThat(lines("<ol start=\"3\"><li>c</li><li>d</li></ol><ol><li>a<p>x</p></li><li>b</li></ol>"))
                .containsExactly("3. c", "4. d", "1. a", "x", "2. b");
    }

    @Test
    void aLongBlockKeepsEveryLineInOrder() {
        StringBuilder html = new StringBuilder("<p>");
        for (int i = 0; i < 20_000; i++) html.append("line ").append(i).append("<br>");
        List<Block> blocks = MailHtml.layout(html.append("</p>").toString());
        assertThat(blocks).hasSize(1);
        String[] shown = blocks.get(0).text().split("\n");
        assertThat(shown).hasSize(20_000);
        assertThat(shown[0]).isEqualTo("line 0");
        assertThat(shown[19_999]).isEqualTo("line 19999");
    }

    @Test
    void tagSoupEmptyAndPlainTextNeverThrow() {
        assertThat(lines(null)).isEmpty();
        assertThat(lines("   ")).isEmpty();
        assertThat(lines("just text")).containsExactly("just text");
        assertThat(lines("<p>open <b>bold <i>both</p><p>next")).containsExactly("open bold both", "next");
        assertThat(lines("a&nbsp;&nbsp;b")).containsExactly("a\u00a0\u00a0b");
        assertThat(lines("<div><div>nested</div>after</div>")).containsExactly("nested", "after");
    }
}

package org.invitedesk.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * A mail's HTML part laid out the way a plain mail program shows it, as lines of styled runs:
 * paragraphs, headings, line breaks, bold, italic, underline, links (text plus address), lists,
 * table rows, quotes and preformatted text. Styles, scripts, forms and images are not drawn (an
 * image shows as its alt text), and nothing is fetched. No JavaFX here, so it is tested plainly.
 */
public final class MailHtml {
    /** One piece of text in one style; {@code href} is the link it belongs to, or null. */
    public record Run(String text, boolean bold, boolean italic, boolean underline, boolean monospace, String href) { }

    /** One block: its runs, its heading level (0 for body text), and how far it is indented. */
    public record Block(List<Run> runs, int heading, int indent) {
        public String text() {
            StringBuilder b = new StringBuilder();
            runs.forEach(r -> b.append(r.text()));
            return b.toString();
        }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "main",
            "aside", "nav", "center", "address", "figure", "figcaption", "form", "fieldset", "dl", "dt", "dd",
            "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "thead", "tbody",
            "tfoot", "tr", "caption", "hr", "body", "html");
    private static final Set<String> SKIPPED = Set.of("head", "style", "script", "noscript", "template", "title",
            "meta", "link", "iframe", "object", "embed", "svg", "canvas", "select", "option", "textarea", "button",
            "input");

    private final List<Block> blocks = new ArrayList<>();
    /** The block being laid out: its closed runs, then the open one (appended to in place: a long block stays linear). */
    private List<Run> line = new ArrayList<>();
    private final StringBuilder open = new StringBuilder();
    private Run openStyle;
    private int heading;
    private int indent;

    private MailHtml() { }

    /** The blocks of {@code html}; never throws on bad markup (a tag soup is read as browsers read it). */
    public static List<Block> layout(String html) {
        MailHtml m = new MailHtml();
        if (html != null && !html.isBlank()) {
            m.walk(Jsoup.parse(html).body(), new Style(false, false, false, false, null));
            m.endBlock();
        }
        return List.copyOf(m.blocks);
    }

    private record Style(boolean bold, boolean italic, boolean underline, boolean monospace, String href) {
        Style with(String tag, Element e) {
            return switch (tag) {
                case "b", "strong", "th" -> new Style(true, italic, underline, monospace, href);
                case "i", "em", "cite", "var" -> new Style(bold, true, underline, monospace, href);
                case "u", "ins" -> new Style(bold, italic, true, monospace, href);
                case "code", "tt", "kbd", "samp", "pre" -> new Style(bold, italic, underline, true, href);
                case "a" -> e.hasAttr("href") ? new Style(bold, italic, true, monospace, e.attr("href").strip()) : this;
                default -> this;
            };
        }
    }

    private void walk(Element e, Style style) {
        for (Node child : e.childNodes()) {
            if (child instanceof TextNode t) {
                text(t.getWholeText(), style, inPre(e));
            } else if (child instanceof Element c) {
                element(c, style);
            }
        }
    }

    private void element(Element e, Style style) {
        String tag = e.normalName().toLowerCase(Locale.ROOT);
        if (SKIPPED.contains(tag)) {
            return;
        }
        switch (tag) {
            case "br" -> { newLine(); return; }
            case "hr" -> { endBlock(); add(new Run("────────", false, false, false, false, null)); endBlock(); return; }
            case "img" -> {
                String alt = e.attr("alt").strip();
                if (!alt.isEmpty()) {
                    add(new Run("[" + alt + "]", style.bold, true, style.underline, style.monospace, style.href));
                }
                return;
            }
            default -> { }
        }
        Style inner = style.with(tag, e);
        if (!BLOCKS.contains(tag)) {
            if ((tag.equals("td") || tag.equals("th")) && !lineEmpty() && !endsWithSpace()) {
                add(new Run("   ", false, false, false, false, null));
            }
            walk(e, inner);
            return;
        }
        endBlock();
        int savedIndent = indent;
        int savedHeading = heading;
        if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
            heading = tag.charAt(1) - '0';
        }
        if (tag.equals("blockquote") || tag.equals("dd") || tag.equals("ul") || tag.equals("ol")) {
            indent++;
        }
        if (tag.equals("li")) {
            Element list = e.parent();
            boolean numbered = list != null && list.normalName().equals("ol");
            add(new Run(numbered ? number(list, e) + ". " : "• ", false, false, false, false, null));
        }
        walk(e, inner);
        endBlock();
        indent = savedIndent;
        heading = savedHeading;
    }

    /** An item's number: the list's {@code start} (1 if none), plus the items before it. */
    private static int number(Element list, Element item) {
        int n;
        try {
            n = Integer.parseInt(list.attr("start").strip());
        } catch (NumberFormatException noStart) {
            n = 1;
        }
        for (Element before = item.previousElementSibling(); before != null; before = before.previousElementSibling()) {
            if (before.normalName().equals("li")) n++;
        }
        return n;
    }

    private static boolean inPre(Element e) {
        for (Element p = e; p != null; p = p.parent()) {
            if (p.normalName().equals("pre")) {
                return true;
            }
        }
        return false;
    }

    private void text(String raw, Style style, boolean pre) {
        if (pre) {
            String[] lines = raw.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    add(new Run("\n", style.bold, style.italic, style.underline, true, style.href));
                }
                if (!lines[i].isEmpty()) {
                    add(new Run(lines[i], style.bold, style.italic, style.underline, true, style.href));
                }
            }
            return;
        }
        String s = raw.replaceAll("[ \\t\\n\\r\\f]+", " "); // a no-break space stays
        if (s.startsWith(" ") && (lineEmpty() || endsWithSpace())) {
            s = s.substring(1);
        }
        if (!s.isEmpty()) {
            add(new Run(s, style.bold, style.italic, style.underline, style.monospace, style.href));
        }
    }

    private boolean lineEmpty() { return line.isEmpty() && open.length() == 0; }

    private boolean endsWithSpace() {
        char last = open.length() > 0 ? open.charAt(open.length() - 1)
                : line.get(line.size() - 1).text().charAt(line.get(line.size() - 1).text().length() - 1);
        return last == ' ' || last == '\n';
    }

    private void add(Run r) {
        if (r.text().isEmpty()) return;
        if (openStyle == null || openStyle.bold() != r.bold() || openStyle.italic() != r.italic() || openStyle.underline() != r.underline()
                || openStyle.monospace() != r.monospace() || !java.util.Objects.equals(openStyle.href(), r.href())) {
            closeOpen();
            openStyle = r;
        }
        open.append(r.text());
    }

    private void closeOpen() {
        if (open.length() > 0) {
            line.add(new Run(open.toString(), openStyle.bold(), openStyle.italic(), openStyle.underline(), openStyle.monospace(), openStyle.href()));
        }
        open.setLength(0);
        openStyle = null;
    }

    private void newLine() {
        add(new Run("\n", false, false, false, false, null));
    }

    private void endBlock() {
        closeOpen();
        // trailing spaces and line breaks end with the block
        while (!line.isEmpty()) {
            Run last = line.get(line.size() - 1);
            String t = last.text();
            int end = t.length();
            while (end > 0 && (t.charAt(end - 1) == ' ' || t.charAt(end - 1) == '\n')) end--;
            if (end == t.length()) break;
            line.remove(line.size() - 1);
            if (end > 0) {
                line.add(new Run(t.substring(0, end), last.bold(), last.italic(), last.underline(), last.monospace(), last.href()));
                break;
            }
        }
        if (!line.isEmpty()) {
            blocks.add(new Block(List.copyOf(line), heading, indent));
        }
        line = new ArrayList<>();
    }
}

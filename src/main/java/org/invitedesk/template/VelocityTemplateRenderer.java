package org.invitedesk.template;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.SimpleNode;

import java.io.StringReader;
import java.util.Optional;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Velocity, sandboxed: {@code SecureUberspector} keeps templates away from classes, class
 * loaders and reflection; strict mode makes an undefined variable an error instead of a
 * silent blank. Values are HTML-escaped in the HTML part; the subject loses CR/LF.
 * A subject is at most {@link #MAX_SUBJECT} characters as written, and a rendered one longer than
 * {@link #MAX_RENDERED_SUBJECT} (a merge field with a very long value) is cut at a word with "…":
 * a header line may not pass 998 bytes, and Jakarta Mail folds a subject only at spaces.
 */
public final class VelocityTemplateRenderer implements TemplateRenderer {
    public static final int MAX_SUBJECT = 200;
    public static final int MAX_RENDERED_SUBJECT = 400;
    private static final Pattern WHERE = Pattern.compile("line (\\d+), column (\\d+)");

    private final RuntimeInstance velocity = new RuntimeInstance();

    public VelocityTemplateRenderer() {
        Properties p = new Properties();
        p.setProperty("introspector.uberspect.class", "org.apache.velocity.util.introspection.SecureUberspector");
        p.setProperty("runtime.strict_mode.enable", "true");
        p.setProperty("directive.define.max_depth", "1");
        p.setProperty("directive.parse.max_depth", "1");
        p.setProperty("directive.include.max_depth", "1");
        p.setProperty("resource.default_encoding", "UTF-8");
        p.setProperty("parser.space_gobbling", "lines");
        velocity.init(p);
    }

    @Override
    public CompiledTemplate compile(org.invitedesk.domain.Template t) {
        Template subject = parse("Subject", t.subject());
        Template html = parse("HTML body", t.htmlBody());
        Template text = parse("Text body", t.textBody());
        if (t.subject() == null || t.subject().isBlank()) {
            throw new TemplateException("Subject", 0, 0, "the subject is empty; write one.");
        }
        int length = t.subject().strip().length();
        if (length > MAX_SUBJECT) {
            throw new TemplateException("Subject", 0, 0, "at most " + MAX_SUBJECT + " characters (it has " + length
                    + "); mail programs show about the first 60.");
        }
        return values -> {
            String s = merge("Subject", subject, values, false).replaceAll("[\\r\\n\\t\\p{Cntrl}]+", " ").trim();
            if (s.isEmpty()) throw new TemplateException("Subject", 0, 0, "the subject renders empty.");
            return new RenderedMessage(shortened(s), merge("HTML body", html, values, true), merge("Text body", text, values, false));
        };
    }

    /** A rendered subject cut to {@link #MAX_RENDERED_SUBJECT} characters, at the last space when there is one. */
    static String shortened(String subject) {
        if (subject.length() <= MAX_RENDERED_SUBJECT) return subject;
        int end = MAX_RENDERED_SUBJECT - 1;
        if (Character.isHighSurrogate(subject.charAt(end - 1))) end--;
        int space = subject.lastIndexOf(' ', end);
        return subject.substring(0, space > MAX_RENDERED_SUBJECT / 2 ? space : end).stripTrailing() + "…";
    }

    private Template parse(String part, String source) {
        Template tpl = new Template();
        tpl.setName(part);
        tpl.setRuntimeServices(velocity);
        try {
            SimpleNode node = velocity.parse(new StringReader(source == null ? "" : source), tpl);
            tpl.setData(node);
            tpl.initDocument();
            return tpl;
        } catch (ParseException e) {
            int line = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.beginLine : 0;
            int col = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.beginColumn : 0;
            Optional<TemplateException> unclosed = Directives.unclosed(part, source);
            if (unclosed.isPresent() && (e.currentToken == null || e.currentToken.next == null || e.currentToken.next.kind == 0)) {
                throw unclosed.get();
            }
            throw new TemplateException(part, line, col, "syntax error near '" + tokenText(e) + "'. Check the #if/#end and \\$ references.");
        } catch (ParseErrorException e) {
            throw new TemplateException(part, e.getLineNumber(), e.getColumnNumber(), shortReason(e.getMessage()));
        } catch (VelocityException e) {
            throw at(part, e);
        }
    }

    private static String tokenText(ParseException e) {
        return e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.image : "?";
    }

    private String merge(String part, Template tpl, Map<String, Object> values, boolean escapeHtml) {
        VelocityContext ctx = new VelocityContext(escapeHtml ? escaped(values) : values);
        StringWriter w = new StringWriter();
        try {
            tpl.merge(ctx, w);
        } catch (MethodInvocationException e) {
            throw new TemplateException(part, e.getLineNumber(), e.getColumnNumber(), shortReason(e.getMessage()));
        } catch (VelocityException e) {
            throw at(part, e);
        } catch (RuntimeException e) {
            throw new TemplateException(part, 0, 0, "could not render: " + e.getClass().getSimpleName());
        }
        return w.toString();
    }

    private static TemplateException at(String part, VelocityException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = WHERE.matcher(msg);
        int line = 0, col = 0;
        if (m.find()) { line = Integer.parseInt(m.group(1)); col = Integer.parseInt(m.group(2)); }
        return new TemplateException(part, line, col, shortReason(msg));
    }

    private static String shortReason(String msg) {
        if (msg == null) return "cannot be rendered";
        String m = msg.replaceAll("\\s+", " ");
        if (m.contains("has not been set") || m.contains("is not a valid reference") || m.contains("undefined")) {
            Matcher r = Pattern.compile("(\\$\\{?[A-Za-z][\\w.]*\\}?)").matcher(m);
            String ref = r.find() ? r.group(1) : "a variable";
            return ref + " is not a merge field. Use one of the listed merge fields.";
        }
        if (m.contains("SecureUberspector") || m.contains("not allowed") || m.contains("getClass") || m.contains("forName")
                || m.contains("Object 'java.lang.Class'")) {
            return "templates may not reach Java classes or methods beyond the merge fields.";
        }
        m = m.replaceAll("at \\S+\\[line \\d+, column \\d+\\]", "").replaceAll("\\[line \\d+, column \\d+\\]", "").trim();
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> escaped(Map<String, Object> values) {
        Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> inner = new LinkedHashMap<>();
                ((Map<String, Object>) m).forEach((ik, iv) -> inner.put(ik, iv instanceof String s ? html(s) : iv));
                out.put(k, inner);
            } else {
                out.put(k, v instanceof String s ? html(s) : v);
            }
        });
        return out;
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

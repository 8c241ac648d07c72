package org.invitedesk.template;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a block directive (#if, #foreach, #macro, #define) that is opened and never closed with #end, to say so in words. */
final class Directives {
    private static final Pattern TOKEN = Pattern.compile("#\\{?(if|foreach|macro|define|end)\\b\\}?");

    private Directives() { }

    /** "#if opened on line 3 is never closed with #end", when the text ends inside a block. */
    static Optional<TemplateException> unclosed(String part, String source) {
        if (source == null) return Optional.empty();
        Deque<int[]> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("##.*$", "");
            Matcher m = TOKEN.matcher(line);
            while (m.find()) {
                if (m.group(1).equals("end")) {
                    if (!open.isEmpty()) {
                        open.pop();
                        names.pop();
                    }
                } else {
                    open.push(new int[]{i + 1, m.start() + 1});
                    names.push(m.group(1));
                }
            }
        }
        if (open.isEmpty()) return Optional.empty();
        int[] at = open.peek();
        return Optional.of(new TemplateException(part, at[0], at[1],
                "#" + names.peek() + " opened on line " + at[0] + " is never closed with #end."));
    }
}

package org.invitedesk.domain;

import java.util.Comparator;
import java.util.Locale;

/** Text in the order people expect: "Cycle 2" before "Cycle 10" (runs of digits compare as numbers), case ignored. */
public final class NaturalOrder implements Comparator<String> {
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() { }

    @Override
    public int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String n = a.substring(si, i).replaceFirst("^0+(?=.)", ""), m = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = n.length() != m.length() ? Integer.compare(n.length(), m.length()) : n.compareTo(m);
                if (c != 0) return c;
            } else {
                int c = Character.compare(Character.toLowerCase(x), Character.toLowerCase(y));
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }
}

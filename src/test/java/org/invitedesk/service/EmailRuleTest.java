package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The database's rule for a valid address (invite_email_valid, V21) is V1's rule, in one pattern. */
class EmailRuleTest {
    static Database db;

    @BeforeAll
    static void start() { db = TestPostgres.freshDatabase(); }

    @AfterAll
    static void close() { db.close(); }

    /** V1's form: trimmed length, one '@' with no blanks or control characters, then the domain's labels split apart. */
    static final String V1_RULE = "coalesce(length(btrim(e, E' \\t\\r\\n\\u00a0')) BETWEEN 3 AND 254"
            + " AND btrim(e, E' \\t\\r\\n\\u00a0') ~ '^[^@[:space:][:cntrl:]\\u00a0]+@[^@[:space:][:cntrl:]\\u00a0]+$'"
            + " AND split_part(btrim(e, E' \\t\\r\\n\\u00a0'), '@', 2) ~ '^[^.]+(\\.[^.]+)+$', false)";

    @Test
    void agreesWithTheFirstFormOnTrickyAndRandomStrings() {
        String tricky = "VALUES ('ann@x.com'), (' BOB@x.com '), ('a@b.c'), ('a@b'), ('a@.b.c'), ('a@b..c'), ('a@b.c.'), ('@b.c'), ('a@@b.c'),"
                + " ('a b@c.d'), ('a@c d.e'), (E'a\\t@b.c'), (E'a@b.c\\n'), (E'\\u00a0a@b.c\\u00a0'), (E'a\\u00a0b@c.d'), (E'a@b\\u0001.c'),"
                + " ('n/a'), (''), (NULL), ('x@y.z.w'), ('.@b.c'), ('a.@b.c'), ('a@b.c@d.e'), ('a@-.x'), (repeat('a', 250) || '@b.c'),"
                + " (repeat('a', 248) || '@b.c'), ('é@ü.de'), ('a@b.' || repeat('c', 300))";
        String random = "SELECT string_agg(substr('ab.@ .c' || E'\\t\\u00a0', 1 + floor(random() * 10)::int, 1), '') FROM generate_series(1, 3 + (g % 9))"
                + " WHERE g > 0";
        long disagree = TestPostgres.queryLong(db, "SELECT count(*) FROM ("
                + "SELECT e FROM (" + tricky + ") t(e) UNION ALL "
                + "SELECT (" + random + ") FROM generate_series(1, 50000) g) x "
                + "WHERE invite_email_valid(e) IS DISTINCT FROM (" + V1_RULE + ")");
        assertThat(disagree).isZero();
        assertThat(TestPostgres.queryString(db, "SELECT string_agg(invite_email_valid(e)::text, ',' ORDER BY n) FROM (VALUES "
                + "(1, 'ann@x.com'), (2, ' BOB@x.com '), (3, 'a@b'), (4, 'a@b..c'), (5, 'a@@b.c'), (6, 'a b@c.d')) v(n, e)"))
                .isEqualTo("true,true,false,false,false,false");
    }
}

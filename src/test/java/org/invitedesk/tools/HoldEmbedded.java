package org.invitedesk.tools;

import org.invitedesk.app.EmbeddedDatabase;

import java.nio.file.Path;

/** For the crash tests: starts the embedded database in a data folder, says "ready", and waits to be killed. */
public final class HoldEmbedded {
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), false);
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), "postgres", null); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS kept (v text)");
            st.execute("INSERT INTO kept VALUES ('written before the kill')");
        }
        System.out.println(db.jdbcUrl());
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(600_000);
    }
}

package org.invitedesk.domain;

import java.sql.SQLException;

/**
 * One sentence for a failure, for the window and the command line alike: what happened and what
 * to do. Never a password, never a stack trace.
 */
public final class Failures {
    private Failures() { }

    /** True when a database driver's exception is somewhere in the chain. */
    public static boolean isDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t.getClass().getName().startsWith("org.apache.ibatis.")) return true;
        }
        return false;
    }

    /** A database failure explained by its SQLState. */
    public static String explainDatabase(Throwable e) {
        String state = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
                break;
            }
        }
        String why = reason(e);
        if ("42501".equals(state)) {
            return "The database refused: " + why + ". The database user Invite Desk signs in with needs more rights; "
                    + "ask the database administrator (README, \"Configuration\"). Nothing was changed.";
        }
        if ("25006".equals(state)) {
            return "The database is read-only right now (" + why + "). Nothing was changed; try again when it accepts changes.";
        }
        if (state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return "Database unreachable: " + why + ". Check the connection; nothing was lost.";
        }
        return "The database refused the request: " + why + ". Nothing was changed; details are in the log file.";
    }

    /** The innermost useful reason of a failure, on one line, with anything that looks like a password removed. */
    public static String reason(Throwable e) {
        Throwable t = e;
        String msg = null;
        while (t != null) {
            if (t instanceof SQLException || t instanceof java.net.ConnectException || t.getCause() == null) {
                if (t.getMessage() != null) msg = t.getMessage();
            }
            if (t instanceof java.net.ConnectException) break;
            t = t.getCause();
        }
        if (msg == null) msg = e.getClass().getSimpleName();
        msg = msg.replaceAll("(?i)password=[^&\\s]*", "password=****");
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** A message on one line (for a row's reason or a log line). */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }
}

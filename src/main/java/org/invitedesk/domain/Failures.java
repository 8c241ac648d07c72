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

    /**
     * True when the database refused the sign-in for its password: a wrong one (28P01), or one it
     * asked for and was not given (pgjdbc's 08004, or 28000, naming the password).
     */
    public static boolean isSignInRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 28000 and 08004 also mean "no pg_hba.conf entry", "not permitted to log in", "no SSL": not a password to ask for
                boolean aboutPassword = String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
                return state.equals("28P01") || (state.equals("28000") || state.equals("08004")) && aboutPassword;
            }
        }
        return false;
    }

    /** True when the database refused for want of a right (SQLSTATE 42501): the user can ask for it, like the app's own refusals. */
    public static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) return sql.getSQLState().equals("42501");
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
        String why = inWords(reason(e));
        if ("42501".equals(state) && why.contains(" lacks permission ")) {
            // the database's own check of an Invite Desk permission (R__queue.sql): already the app's words
            String own = why.replaceFirst("^ERROR: ", "");
            return own + (own.endsWith(".") ? "" : ".") + " Nothing was changed.";
        }
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

    /**
     * A server's raw words in a sentence a back-office user understands; the raw text stays in
     * the log and in the row's reason (the results CSV). Unknown texts pass unchanged.
     */
    public static String inWords(String raw) {
        if (raw == null) return null;
        String r = raw.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("terminating connection due to administrator command") || r.contains("the database system is shutting down")) {
            return "the database server was stopped or restarted";
        }
        if (r.contains("[eof]") || r.contains("connection reset")) return "the server closed the connection";
        if (r.contains("broken pipe")) return "the connection broke off";
        if (r.contains("connection refused")) return "nothing answered at that address (is the server running?)";
        if (r.contains("timed out") || r.contains("read timeout")) return "the server did not answer in time";
        return raw;
    }

    /** A message on one line (for a row's reason or a log line). */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }
}

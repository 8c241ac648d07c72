package org.invitedesk.cli;

import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.InputField;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.template.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.util.Map;

/** One clear line on stderr, no stack trace: 2 for input the user can fix, 1 for failures. */
public final class Errors implements CommandLine.IExecutionExceptionHandler {
    /** Made when first needed: the command line is built before the launcher has chosen the log folder. */
    private static Logger log() { return LoggerFactory.getLogger(Errors.class); }

    /** What to do about a wrong input, on the command line. */
    private static final Map<InputField, String> ADVICE = Map.of(
            InputField.DIVISION, "Run `divisions` to list the valid codes.",
            InputField.TEMPLATE, "Run `templates` to list the active ones.",
            InputField.ACCOUNT_CLASS, "Leave --account-class out for all.",
            InputField.BILL_GROUP, "Leave --bill-group out for all.",
            InputField.ACCOUNT_SOURCE, "Leave --account-source out for all.",
            InputField.SITE_SOURCE, "Leave --site-source out for all.",
            InputField.BATCH, "Run `batches` to list them.");

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        return report(ex);
    }

    public static int report(Throwable ex) {
        if (ex instanceof BadInputException b) {
            String advice = ADVICE.get(b.field());
            System.err.println(advice == null || b.getMessage().contains(advice) ? b.getMessage() : b.getMessage() + " " + advice);
            return 2;
        }
        if (ex instanceof PermissionDeniedException) {
            System.err.println(ex.getMessage());
            return 2;
        }
        if (ex instanceof TemplateException t) {
            System.err.println("The template cannot be used: " + t.getMessage());
            return 2;
        }
        if (Failures.isSignInRefused(ex)) {
            log().warn("Sign-in refused: {}", Failures.reason(ex));
            System.err.println("The database did not accept the sign-in (" + Failures.inWords(Failures.reason(ex)) + "). Give your database "
                    + "login and password (--db-user, and INVITE_DESK_DB_PASSWORD or db.password in a file only you can read), "
                    + "or sign in once in the window with \"Remember me\".");
            return 2;
        }
        if (ex instanceof UnavailableException) {
            log().warn("{}", ex.getMessage(), ex.getCause());
            System.err.println(ex.getMessage());
            return 1;
        }
        if (Failures.isDatabase(ex)) {
            log().warn("Database failure", ex);
            System.err.println(Failures.explainDatabase(ex));
            return Failures.isRefusal(ex) ? 2 : 1; // refused a right: like the app's own refusals
        }
        log().error("Unexpected failure", ex);
        System.err.println("Unexpected failure (" + ex.getClass().getSimpleName() + "); details are in the log file under the data folder's logs/.");
        return 1;
    }
}

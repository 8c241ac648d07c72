package org.invitedesk.cli;

import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.template.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** One clear line on stderr, no stack trace: 2 for input the user can fix, 1 for failures. */
public final class Errors implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        return report(ex);
    }

    public static int report(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof PermissionDeniedException) {
            System.err.println(ex.getMessage());
            return 2;
        }
        if (ex instanceof TemplateException t) {
            System.err.println("The template cannot be used: " + t.getMessage());
            return 2;
        }
        if (ex instanceof UnavailableException) {
            LOG.warn("{}", ex.getMessage(), ex.getCause());
            System.err.println(ex.getMessage());
            return 1;
        }
        if (ex instanceof org.apache.ibatis.exceptions.PersistenceException || ex instanceof java.sql.SQLException) {
            LOG.warn("Database failure", ex);
            System.err.println(org.invitedesk.data.Database.explain(ex));
            return 1;
        }
        LOG.error("Unexpected failure", ex);
        System.err.println("Unexpected failure (" + ex.getClass().getSimpleName() + "); details are in the log file under the data folder's logs/.");
        return 1;
    }
}

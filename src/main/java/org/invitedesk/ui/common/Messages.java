package org.invitedesk.ui.common;

import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.PermissionDeniedException;
import org.invitedesk.domain.UnavailableException;
import org.invitedesk.template.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into one short sentence for the window; the details go to the log. */
public final class Messages {
    private static final Logger LOG = LoggerFactory.getLogger(Messages.class);

    private Messages() { }

    public static String of(Throwable t) {
        Throwable e = t;
        while (e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException) {
            e = e.getCause();
        }
        if (e instanceof BadInputException || e instanceof PermissionDeniedException || e instanceof UnavailableException) {
            return e.getMessage();
        }
        if (e instanceof TemplateException te) return "Template error — " + te.getMessage();
        if (Failures.isDatabase(e)) {
            LOG.warn("Database failure", e);
            return Failures.explainDatabase(e);
        }
        LOG.error("Unexpected failure", e);
        return "Something went wrong (" + e.getClass().getSimpleName() + "). Details are in the log file.";
    }
}

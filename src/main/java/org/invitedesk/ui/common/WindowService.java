package org.invitedesk.ui.common;

import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.template.RenderedMessage;

/** What a view model may ask of windows, without knowing JavaFX's scene graph. */
public interface WindowService {
    void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title);

    boolean confirm(String title, String message);

    void showPreview(String templateName, RenderedMessage message);

    void showSummary(SendSummary summary);

    void showError(String message);

    /** Opens the Notification Templates window (one at a time); {@code onSaved} runs after each save. */
    void openTemplates(Runnable onSaved);

    /** Asks for one line of text; null when cancelled. */
    String ask(String title, String prompt, String initial);
}

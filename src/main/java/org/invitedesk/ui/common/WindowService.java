package org.invitedesk.ui.common;

import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.template.RenderedMessage;

/** Every window and dialog a view model (or the main window) may open, without knowing JavaFX's scene graph. */
public interface WindowService {
    void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title);

    /** The same; {@code changed} runs after the window changed what the counts show (a withdrawal). */
    default void openDetails(InviteFilter filter, CountGroup group, Long batchId, String title, Runnable changed) {
        openDetails(filter, group, batchId, title);
    }

    /** Asks a question whose answer is an action; true when the user chose {@code action} (Cancel is the other button). */
    boolean confirm(String title, String message, String action);

    /** When to send, as chosen in the confirmation: now ({@code at} null), or from a date and time on (the computer's time zone). */
    record SendWhen(java.time.LocalDateTime at) {
        public static final SendWhen NOW = new SendWhen(null);
    }

    /** Asks to confirm a send: Send now, Send at… (a date and time), or Cancel (null, the default). */
    default SendWhen confirmSend(String title, String message) { return confirm(title, message, "Send") ? SendWhen.NOW : null; }

    /** The message as the first recipient will get it, with From, To and Subject as a mail program shows them. */
    void showPreview(org.invitedesk.ui.preview.MessagePreview preview);

    void showSummary(SendSummary summary);

    void showError(String message);

    /** An information dialog with a header line and a text (Help → About). */
    void showInformation(String id, String title, String header, String text);

    /**
     * Opens the Notification Templates window (one at a time) on the template and division the
     * send screen has chosen (either may be null); {@code onSaved} runs after each save.
     */
    void openTemplates(Runnable onSaved, String templateName, String divisionCode);

    /** Opens the Batches window (one at a time); {@code resume} runs a batch where its progress shows. */
    void openBatches(java.util.function.LongConsumer resume);

    /** What to do with unsaved edits. */
    enum Unsaved { SAVE, DISCARD, CANCEL }

    /**
     * Asks Save / Discard / Cancel about unsaved edits; Cancel (stay) is the default. With
     * {@code whyNot} (edits that cannot be saved as they are) only Discard and Cancel are offered,
     * and it says why.
     */
    Unsaved askUnsaved(String message, String whyNot);

    /** Asks for one line of text; null when cancelled. */
    String ask(String title, String prompt, String initial);
}

package org.invitedesk.mail;

import com.google.inject.AbstractModule;

/** The SMTP server the app sends through (configured, or the embedded default's local sink). */
public final class MailModule extends AbstractModule {
    private final MailSettings settings;

    public MailModule(MailSettings settings) { this.settings = settings; }

    @Override
    protected void configure() {
        bind(MailSettings.class).toInstance(settings);
    }
}

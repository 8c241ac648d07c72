package org.invitedesk.service;

import com.google.inject.AbstractModule;

import java.time.Clock;

/**
 * What the services need beyond the database, mail and templates: the clock and how long an
 * invitation is valid. The services themselves are constructor-injected; nothing calls
 * {@code new} on one outside a module.
 */
public final class ServiceModule extends AbstractModule {
    private final Clock clock;
    private final int expiryDays;

    public ServiceModule(Clock clock, int expiryDays) {
        this.clock = clock;
        this.expiryDays = expiryDays;
    }

    @Override
    protected void configure() {
        bind(Clock.class).toInstance(clock);
        bind(InvitationLinks.class).toInstance(new InvitationLinks(clock, expiryDays));
    }
}

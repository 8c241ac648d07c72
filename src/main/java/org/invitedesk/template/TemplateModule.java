package org.invitedesk.template;

import com.google.inject.AbstractModule;

/** Templates are rendered by sandboxed Velocity. */
public final class TemplateModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TemplateRenderer.class).to(VelocityTemplateRenderer.class).in(com.google.inject.Scopes.SINGLETON);
    }
}

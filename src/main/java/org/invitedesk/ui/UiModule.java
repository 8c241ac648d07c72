package org.invitedesk.ui;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import javafx.stage.Stage;
import org.invitedesk.app.Backend;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.SendService;
import org.invitedesk.ui.common.FxWindowService;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteViewModel;

/** Wires the window: the services come from the {@link Backend}, the executor and window service from here. */
public final class UiModule extends AbstractModule {
    private final Backend backend;
    private final Stage stage;
    private final UiExecutor executor;

    public UiModule(Backend backend, Stage stage, UiExecutor executor) {
        this.backend = backend;
        this.stage = stage;
        this.executor = executor;
    }

    @Override
    protected void configure() {
        bind(Backend.class).toInstance(backend);
        bind(InviteService.class).toInstance(backend.invites());
        bind(SendService.class).toInstance(backend.sends());
        bind(PermissionService.class).toInstance(backend.permissions());
        bind(UiExecutor.class).toInstance(executor);
    }

    @Provides @Singleton
    WindowService windows(InviteService invites) { return new FxWindowService(() -> stage, invites, executor, backend.templates(), backend.user()); }

    @Provides @Singleton
    BulkInviteViewModel bulkInvite(InviteService invites, SendService sends, PermissionService permissions, WindowService windows) {
        return new BulkInviteViewModel(invites, sends, permissions, executor, windows, backend.user());
    }
}

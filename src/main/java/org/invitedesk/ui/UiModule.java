package org.invitedesk.ui;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import javafx.stage.Stage;
import org.invitedesk.ui.common.FxWindowService;
import org.invitedesk.ui.common.MainStage;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteViewModel;

/** The window's part of the injector: the main stage every window is owned by, the executor and the window service. */
public final class UiModule extends AbstractModule {
    private final Stage stage;
    private final UiExecutor executor;

    public UiModule(Stage stage, UiExecutor executor) {
        this.stage = stage;
        this.executor = executor;
    }

    @Override
    protected void configure() {
        bind(MainStage.class).toInstance(new MainStage(stage));
        bind(UiExecutor.class).toInstance(executor);
        bind(WindowService.class).to(FxWindowService.class).in(Scopes.SINGLETON);
        bind(BulkInviteViewModel.class).in(Scopes.SINGLETON);
    }
}

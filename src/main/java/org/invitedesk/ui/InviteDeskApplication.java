package org.invitedesk.ui;

import org.invitedesk.app.AppConfig;

public final class InviteDeskApplication {
    private InviteDeskApplication() { }

    public static void open(AppConfig config) {
        throw new UnsupportedOperationException("window not built yet");
    }
}

package org.invitedesk.support;

import com.google.inject.Injector;
import org.invitedesk.data.Database;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.send.BatchDecisions;
import org.invitedesk.service.send.BatchQueue;
import org.invitedesk.service.send.BatchRunner;
import org.invitedesk.service.send.Batches;

/** The real services, from the app's injector, over a test database and an SMTP server on loopback. */
public final class Services {
    public final Injector injector;
    public final Database db;
    public final InviteService invites;
    public final PermissionService permissions;
    public final BatchQueue queue;
    public final BatchRunner runner;
    public final BatchDecisions decisions;
    public final Batches batches;

    public Services(Database db, MailSettings mail) {
        this.db = db;
        this.injector = TestApp.injector(db, mail, "demo");
        this.invites = injector.getInstance(InviteService.class);
        this.permissions = injector.getInstance(PermissionService.class);
        this.queue = injector.getInstance(BatchQueue.class);
        this.runner = injector.getInstance(BatchRunner.class);
        this.decisions = injector.getInstance(BatchDecisions.class);
        this.batches = injector.getInstance(Batches.class);
    }

    public <T> T get(Class<T> type) { return injector.getInstance(type); }

    /** Adds {@code n} plain contacts (bulkN@bulk.example) to division D2's account A6. */
    public static void addBulkContacts(Database db, int n) {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, last_name, email, is_billing) "
                + "SELECT 6, 'Bulk', 'Person' || g, 'bulk' || g || '@bulk.example', false FROM generate_series(1, " + n + ") g");
    }
}

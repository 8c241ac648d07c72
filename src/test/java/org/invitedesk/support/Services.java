package org.invitedesk.support;

import org.invitedesk.data.Database;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.service.InviteService;
import org.invitedesk.service.PermissionService;
import org.invitedesk.service.SendService;
import org.invitedesk.template.VelocityTemplateRenderer;

import java.time.Clock;

/** The real services over a test database and an SMTP server on loopback. */
public final class Services {
    public final Database db;
    public final InviteService invites;
    public final PermissionService permissions;
    public final SendService sends;

    public Services(Database db, MailSettings mail) {
        this.db = db;
        this.invites = new InviteService(db.db(), Clock.systemDefaultZone());
        this.permissions = new PermissionService(db.db());
        this.sends = new SendService(db, invites, permissions, new VelocityTemplateRenderer(), mail, Clock.systemDefaultZone(), 14);
    }

    /** Adds {@code n} plain contacts (bulkN@bulk.example) to division D2's account A6. */
    public static void addBulkContacts(Database db, int n) {
        TestPostgres.exec(db, "INSERT INTO contact (account_id, first_name, last_name, email, is_billing) "
                + "SELECT 6, 'Bulk', 'Person' || g, 'bulk' || g || '@bulk.example', false FROM generate_series(1, " + n + ") g");
    }
}

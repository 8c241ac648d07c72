package org.invitedesk.support;

import org.invitedesk.data.Database;

/**
 * A small hand-built data set where every expected number is obvious.
 *
 * Division D1 (open accounts A1, A2, A3, A5; A4 closed), D2 has one account.
 * <pre>
 * A1 RES/B1/WEB site GIS, service active, balance 10, no autopay:  c1 ann@x.com (billing), c2 " BOB@x.com "
 * A2 COM/B2/PHONE site MAN, service ended yesterday, balance 0, autopay: c3 Ann@X.com (billing), c4 "bad email"
 * A3 RES/B1/WEB site GIS, service starts tomorrow, balance 5, no autopay: c5 portal@x.com (billing), c6 invited@x.com, c7 no email
 * A4 closed: c8 closed@x.com
 * A5 RES/B1/WEB site GIS, service active (no end), balance 0, no autopay: c9 ann@x.com (billing), c10 accepted@x.com, c11 expired@x.com
 * D2: A6 with ann@x.com and other@x.com
 * </pre>
 */
public final class Fixture {
    private Fixture() { }

    public static void load(Database db) {
        TestPostgres.exec(db,
                "INSERT INTO division (id, code, name, email, portal_base_url) VALUES "
                        + "(1, 'D1', 'Division One', 'one@division.example', 'https://portal.one.example/invite'),"
                        + "(2, 'D2', 'Division Two', 'two@division.example', 'https://portal.two.example/invite')",
                "INSERT INTO account_class (id, division_id, code, name) VALUES (1, 1, 'RES', 'Residential'), (2, 1, 'COM', 'Commercial'), (3, 2, 'RES', 'Residential')",
                "INSERT INTO bill_group (id, division_id, code, name) VALUES (1, 1, 'B1', 'Cycle 1'), (2, 1, 'B2', 'Cycle 2'), (3, 1, 'x%''\"', 'Odd code')",
                "INSERT INTO account_source (id, division_id, code, name) VALUES (1, 1, 'WEB', 'Web'), (2, 1, 'PHONE', 'Phone')",
                "INSERT INTO site_source (id, division_id, code, name) VALUES (1, 1, 'GIS', 'GIS'), (2, 1, 'MAN', 'Manual')",
                "INSERT INTO account (id, division_id, number, name, account_class_id, bill_group_id, account_source_id, is_open, balance_due, autopay_active) VALUES "
                        + "(1, 1, 'A1', 'Account One', 1, 1, 1, true, 10, false),"
                        + "(2, 1, 'A2', 'Account Two', 2, 2, 2, true, 0, true),"
                        + "(3, 1, 'A3', 'Account Three', 1, 1, 1, true, 5, false),"
                        + "(4, 1, 'A4', 'Account Four', 1, 1, 1, false, 50, false),"
                        + "(5, 1, 'A5', 'Account Five', 1, 1, 1, true, 0, false),"
                        + "(6, 2, 'A6', 'Account Six', 3, NULL, NULL, true, 0, false)",
                "INSERT INTO site (account_id, site_source_id, address) VALUES (1, 1, '1 Oak'), (2, 2, '2 Elm'), (3, 1, '3 Pine'), (4, 1, '4 Ash'), (5, 1, '5 Fir')",
                "INSERT INTO service (account_id, description, start_date, end_date) VALUES "
                        + "(1, 's', current_date - 100, current_date + 100),"
                        + "(2, 's', current_date - 100, current_date - 1),"
                        + "(3, 's', current_date + 1, NULL),"
                        + "(4, 's', current_date - 100, NULL),"
                        + "(5, 's', current_date - 100, NULL)",
                "INSERT INTO contact (id, account_id, first_name, last_name, email, is_billing) VALUES "
                        + "(1, 1, 'Ann', 'Archer', 'ann@x.com', true),"
                        + "(2, 1, 'Bob', 'Baker', ' BOB@x.com ', false),"
                        + "(3, 2, 'Ann', 'Archer', 'Ann@X.com', true),"
                        + "(4, 2, 'Carl', 'Cole', 'bad email', false),"
                        + "(5, 3, 'Pat', 'Portal', 'portal@x.com', true),"
                        + "(6, 3, 'Ivy', 'Invited', 'invited@x.com', false),"
                        + "(7, 3, 'Ned', 'Noemail', NULL, false),"
                        + "(8, 4, 'Cleo', 'Closed', 'closed@x.com', true),"
                        + "(9, 5, 'Ann', 'Archer', 'ann@x.com', true),"
                        + "(10, 5, 'Acey', 'Accepted', 'accepted@x.com', false),"
                        + "(11, 5, 'Ed', 'Expired', 'expired@x.com', false),"
                        + "(12, 6, 'Ann', 'Archer', 'ann@x.com', true),"
                        + "(13, 6, 'Otto', 'Other', 'other@x.com', false)",
                "SELECT setval('contact_id_seq', 100)",
                "INSERT INTO portal_account (email_norm) VALUES ('portal@x.com')",
                "INSERT INTO invitation (email_norm, email, contact_id, status, sent_at, accepted_at) VALUES "
                        + "('invited@x.com', 'invited@x.com', 6, 'SENT', now() - interval '3 days', NULL),"
                        + "('accepted@x.com', 'accepted@x.com', 10, 'ACCEPTED', now() - interval '9 days', now() - interval '8 days'),"
                        + "('expired@x.com', 'expired@x.com', 11, 'EXPIRED', now() - interval '30 days', NULL)",
                "INSERT INTO app_user (login, full_name) VALUES ('demo', 'Demo'), ('viewer', 'Viewer')",
                "INSERT INTO user_permission (user_id, permission_id) SELECT id, 390 FROM app_user WHERE login = 'demo'",
                "INSERT INTO user_permission (user_id, permission_id) SELECT id, 120 FROM app_user WHERE login = 'demo'",
                "INSERT INTO notification_template (template_key, version, name, subject, html_body, text_body, active) VALUES "
                        + "('std', 1, 'Standard', 'Hello $contact.firstName from $division.name', "
                        + "'<p>Dear $contact.firstName $contact.lastName, account $account.number.</p><a href=\"$inviteUrl\">Join</a> until $expiresOn', "
                        + "'Dear $contact.firstName, join: $inviteUrl', true),"
                        + "('old', 1, 'Retired', 'Old', 'old', 'old', false)");
    }
}

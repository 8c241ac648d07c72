package org.invitedesk.service.send;

import com.google.inject.Inject;
import org.invitedesk.data.Db;
import org.invitedesk.data.RunnerMapper;
import org.invitedesk.mail.MailSettings;

/** Whether a sender service is alive to take batches over, and how long a send takes under the relay's quotas. */
public class SenderPresence {
    /** A sender service seen within this many seconds is alive (it writes every 5). */
    public static final int ALIVE_SECONDS = 15;

    private final Db db;
    private final MailSettings mail;

    @Inject
    public SenderPresence(Db db, MailSettings mail) {
        this.db = db;
        this.mail = mail;
    }

    /** Reads the database: a sender service seen within the last 15 s. */
    public boolean serviceAlive() { return db.read(RunnerMapper.class, m -> m.serviceAlive(ALIVE_SECONDS)); }

    /** "about 2 days 6 hours at 30 a minute, 10,000 a day"; null when the relay has no quota. */
    public String estimate(long recipients) { return Quotas.estimate(recipients, mail); }
}

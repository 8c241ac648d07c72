package org.invitedesk.service;

import com.google.inject.Inject;
import org.invitedesk.data.CheckMapper;
import org.invitedesk.data.Db;
import org.invitedesk.domain.CopyCheck;

import java.util.List;

/**
 * Compares every copy the counts read (flags per address and per contact, account columns on
 * contacts, division on sites and services) with its source, and optionally sets them right. For
 * a site that bulk-loads its tables with triggers off; the triggers keep them right otherwise.
 */
public class CountsCheckService {
    private final Db db;

    @Inject
    public CountsCheckService(Db db) { this.db = db; }

    /** One row per kind of copy; with {@code repair}, the wrong rows are corrected in the same transaction. */
    public List<CopyCheck> check(boolean repair) {
        return repair ? db.tx(s -> s.getMapper(CheckMapper.class).check(true)) : db.read(CheckMapper.class, m -> m.check(false));
    }
}

package org.invitedesk.service;

import com.google.inject.Inject;
import org.apache.ibatis.session.SqlSession;
import org.invitedesk.data.Database;
import org.invitedesk.data.Db;
import org.invitedesk.data.DemoDataMapper;
import org.invitedesk.data.LookupMapper;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Failures;
import org.invitedesk.domain.UnavailableException;

import java.sql.SQLException;

/** Loads the deterministic demo data set (generated in SQL) into an empty database. */
public class DemoDataService {
    private final Db db;
    private final Database database;

    @Inject
    public DemoDataService(Db db, Database database) {
        this.db = db;
        this.database = database;
    }

    /** The demo divisions' invitation links open the local portal at {@code base} (embedded demo only). */
    public void pointLinksAt(String base) { db.tx(s -> s.getMapper(org.invitedesk.data.DemoDataMapper.class).pointLinksAt(base)); }

    public boolean isEmpty() { return db.read(LookupMapper.class, LookupMapper::accountCount) == 0; }

    public void load(int accounts, long seed) {
        if (accounts < 1 || accounts > 20_000_000) throw new BadInputException("The number of demo accounts must be from 1 to 20000000.");
        try {
            db.tx((SqlSession s) -> {
                DemoDataMapper m = s.getMapper(DemoDataMapper.class);
                m.prepareBulkLoad();
                m.load(accounts, seed);
                return null;
            });
            db.read(DemoDataMapper.class, m -> { m.vacuumAnalyze(); m.analyze(); return null; });
        } catch (RuntimeException e) {
            if (hasState(e, "P0001")) {
                throw new BadInputException("This database already holds accounts, contacts, invitations or portal accounts; demo data only loads into an empty database.");
            }
            throw new UnavailableException("Loading demo data failed at " + database.where() + ": " + Failures.reason(e), e);
        }
    }

    private static boolean hasState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) return true;
        }
        return false;
    }
}

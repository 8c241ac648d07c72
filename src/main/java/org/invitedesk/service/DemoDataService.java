package org.invitedesk.service;

import org.invitedesk.data.Database;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.UnavailableException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Loads the deterministic demo data set (generated in SQL) into an empty database. */
public class DemoDataService {
    private final Database database;

    public DemoDataService(Database database) { this.database = database; }

    public void load(int accounts, long seed) {
        if (accounts < 1 || accounts > 20_000_000) throw new BadInputException("--accounts must be from 1 to 20000000.");
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
                st.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT invite_demo_data(?, ?)")) {
                ps.setInt(1, accounts);
                ps.setLong(2, seed);
                ps.execute();
            } catch (SQLException e) {
                c.rollback();
                if ("P0001".equals(e.getSQLState())) {
                    throw new BadInputException("This database already holds accounts; demo-data only loads into an empty database.");
                }
                throw e;
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE)");
            }
        } catch (SQLException e) {
            throw new UnavailableException("Loading demo data failed at " + database.where() + ": " + Database.reason(e));
        }
    }
}

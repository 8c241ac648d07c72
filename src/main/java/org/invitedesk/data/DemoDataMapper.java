package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;

/** The deterministic demo data set, generated in SQL (the {@code invite_demo_data} function). */
public interface DemoDataMapper {
    /** For the loading transaction only: no parallel workers, and commit without waiting for the disk. */
    void prepareBulkLoad();

    void load(@Param("accounts") int accounts, @Param("seed") long seed);

    /** Fresh statistics and visibility map after a bulk load (outside a transaction). */
    void vacuumAnalyze();

    void analyze();

    /** Points the demo divisions' invitation links at {@code base} + the division's code. */
    int pointLinksAt(@Param("base") String base);
}

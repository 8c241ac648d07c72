package org.invitedesk.cli;

import com.google.inject.Injector;

/**
 * Starts what a command needs (the database, mail, the services) from the global options. The
 * launcher provides it; a command receives its services by injection and never builds one.
 */
public interface Starter {
    /**
     * @param seedDemo load the demo data into an empty embedded database ({@code demo-data} loads its own)
     */
    Started start(GlobalOptions options, boolean seedDemo);

    /** What was started; closing it stops it. */
    interface Started extends AutoCloseable {
        Injector injector();

        /**
         * Runs {@code work} when the process is asked to stop (SIGTERM, Ctrl-C), before the
         * database is closed; it returns the process's exit code. Returns what takes it back.
         */
        Runnable onSignal(java.util.function.IntSupplier work);

        @Override
        void close();
    }
}

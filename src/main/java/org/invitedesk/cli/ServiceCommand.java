package org.invitedesk.cli;

import picocli.CommandLine.ParentCommand;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** A command that works on the services: they are started, injected into its fields, used and stopped. */
abstract class ServiceCommand implements Callable<Integer> {
    @ParentCommand InviteDeskCommand parent;
    /** What was started for this command (for work to finish on a signal). */
    Starter.Started started;

    boolean seedDemo() { return true; }

    @Override
    public Integer call() throws Exception {
        try (Starter.Started s = parent.starter().start(parent.globals(), seedDemo())) {
            started = s;
            s.injector().injectMembers(this);
            return run();
        }
    }

    abstract int run() throws Exception;

    static PrintWriter out() { return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true); }
}

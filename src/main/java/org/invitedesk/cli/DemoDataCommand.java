package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.service.DemoDataService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-data", description = "loads the deterministic demo data into an empty database")
class DemoDataCommand extends ServiceCommand {
    @Option(names = "--accounts", defaultValue = "2000") int accounts;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Inject DemoDataService demoData;

    @Override boolean seedDemo() { return false; }

    int run() {
        if (accounts < 1 || accounts > 20_000_000) throw new BadInputException("--accounts must be from 1 to 20000000.");
        long t0 = System.nanoTime();
        demoData.load(accounts, seed);
        System.err.printf("Loaded %d accounts in %.1f s%n", accounts, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}

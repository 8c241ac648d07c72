package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.CopyCheck;
import org.invitedesk.service.CountsCheckService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exit 0: every copy agrees (or was repaired); 1: differences remain. */
@Command(name = "check-counts", description = "compares the copies the counts read with their sources; --repair sets them right")
class CheckCountsCommand extends ServiceCommand {
    @Option(names = "--repair", description = "correct the copies that differ") boolean repair;
    @Inject CountsCheckService checks;

    int run() {
        long t0 = System.nanoTime();
        List<CopyCheck> found = checks.check(repair);
        List<CopyCheck> again = repair ? checks.check(false) : found;
        Map<String, Object> m = new LinkedHashMap<>();
        for (CopyCheck c : found) m.put(c.copy(), c.wrong());
        long wrong = found.stream().mapToLong(CopyCheck::wrong).sum();
        long left = again.stream().mapToLong(CopyCheck::wrong).sum();
        out().println(Json.of(m));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (wrong == 0) {
            System.err.printf("Every copy agrees with its source (%.1f s).%n", secs);
            return 0;
        }
        if (repair && left == 0) {
            System.err.printf("Repaired %d row(s); every copy agrees with its source now (%.1f s).%n", wrong, secs);
            return 0;
        }
        System.err.println(repair
                ? left + " difference(s) remain after the repair; an account whose lookups belong to another division must be fixed in the billing system."
                : wrong + " row(s) differ from their source. Run check-counts --repair to set them right.");
        return 1;
    }
}

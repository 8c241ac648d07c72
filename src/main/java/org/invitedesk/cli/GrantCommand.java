package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.service.PermissionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code grant LOGIN [--permission 390|120]...}: a person's database login and Invite Desk user, in one step (integration.md, "Roles"). */
@Command(name = "grant", description = "makes LOGIN an Invite Desk user: its database login (when missing), its roles and permissions "
        + "(none: may look); needs a database login with CREATEROLE")
final class GrantCommand extends ServiceCommand {
    @Parameters(paramLabel = "LOGIN") String login;
    @Option(names = "--permission", paramLabel = "390|120", description = "390: send invitations; 120: maintain templates") List<Integer> permissions = new ArrayList<>();
    @Option(names = "--name", paramLabel = "FULL_NAME") String name;
    @Option(names = "--service", description = "a sender service's login (serve): it runs any queued batch, and holds 390") boolean service;
    @Inject PermissionService users;

    @Override
    boolean seedDemo() { return false; }

    @Override
    int run() {
        String role = users.grant(login, name, permissions, service);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("login", login);
        m.put("role", role);
        if (service && !permissions.contains(390)) permissions.add(390);
        m.put("permissions", permissions);
        if (service) m.put("service", true);
        out().println(Json.of(m));
        System.err.println(("created".equals(role) ? "Database login '" + login + "' created (give it a password, or use Kerberos). "
                : "Database login '" + login + "' existed. ") + (service ? "It may run a sender service (serve) and holds " + permissions + "."
                        : permissions.isEmpty() ? "It may look." : "It holds " + permissions + "."));
        return 0;
    }
}

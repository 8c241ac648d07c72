package org.invitedesk.cli;

import com.google.inject.Inject;
import org.invitedesk.domain.BadInputException;
import org.invitedesk.domain.Batch;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.Counts;
import org.invitedesk.domain.DetailQuery;
import org.invitedesk.domain.InputField;
import org.invitedesk.service.InviteService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The commands that only read: divisions, templates, counts, details, batches. */
final class LookCommands {
    private LookCommands() { }

    @Command(name = "divisions", description = "prints the divisions as JSON")
    static class Divisions extends ServiceCommand {
        @Inject InviteService invites;

        int run() {
            out().println(Json.of(invites.divisions().stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", d.code());
                m.put("name", d.name());
                m.put("email", d.email());
                return m;
            }).toList()));
            return 0;
        }
    }

    @Command(name = "templates", description = "prints the active portal-invite templates as JSON")
    static class Templates extends ServiceCommand {
        @Inject InviteService invites;

        int run() {
            out().println(Json.of(invites.activeTemplates().stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("subject", t.subject());
                return m;
            }).toList()));
            return 0;
        }
    }

    @Command(name = "counts", description = "prints the count groups as JSON")
    static class CountsCmd extends ServiceCommand {
        @Mixin FilterOptions filter;
        @Inject InviteService invites;

        int run() {
            Counts c = invites.counts(filter.toFilter());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contacts", c.contacts());
            m.put("notInvited", c.notInvited());
            m.put("invitedNotAccepted", c.invitedNotAccepted());
            m.put("hasPortalAccount", c.hasPortalAccount());
            m.put("noValidEmail", c.noValidEmail());
            m.put("waitingInBatch", c.waitingInBatch());
            m.put("willReceive", c.willReceive());
            out().println(Json.of(m));
            return 0;
        }
    }

    @Command(name = "details", description = "prints the rows of one count group as CSV")
    static class Details extends ServiceCommand {
        @Mixin FilterOptions filter;
        @Option(names = "--group", required = true, paramLabel = "GROUP",
                description = "NOT_INVITED, INVITED_NOT_ACCEPTED, HAS_PORTAL_ACCOUNT, NO_VALID_EMAIL, WAITING_IN_BATCH or WILL_RECEIVE") String group;
        @Inject InviteService invites;

        int run() throws Exception {
            CountGroup g = parseGroup(group);
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            invites.exportCsv(DetailQuery.of(filter.toFilter(), g), w, n -> { }, () -> false);
            w.flush();
            return 0;
        }

        static CountGroup parseGroup(String s) {
            try {
                CountGroup g = CountGroup.valueOf(s.strip().toUpperCase(Locale.ROOT));
                if (!g.isBatchGroup()) return g;
            } catch (RuntimeException ignored) {
                // said below
            }
            throw new BadInputException(InputField.COUNT_GROUP, "Unknown group '" + s
                    + "'. Use NOT_INVITED, INVITED_NOT_ACCEPTED, HAS_PORTAL_ACCOUNT, NO_VALID_EMAIL, WAITING_IN_BATCH or WILL_RECEIVE.");
        }
    }

    @Command(name = "batches", description = "prints the batches as JSON, newest first")
    static class Batches extends ServiceCommand {
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Inject org.invitedesk.service.send.Batches batches;

        int run() {
            List<Map<String, Object>> rows = batches.list(limit).stream().map(Batches::json).toList();
            out().println(Json.of(rows));
            return 0;
        }

        static Map<String, Object> json(Batch x) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("status", x.state().name());
            m.put("reason", x.state() == org.invitedesk.domain.BatchState.INTERRUPTED && x.statusReason() == null
                    ? "Nobody is sending it: resume it." : x.statusReason());
            m.put("who", x.createdBy());
            m.put("createdAt", x.createdAt() == null ? null : x.createdAt().toString());
            m.put("division", x.divisionCode());
            m.put("filters", x.filters());
            m.put("template", x.templateName());
            m.put("templateVersion", x.templateVersion());
            m.put("from", x.emailFrom());
            m.put("queued", x.queued());
            m.put("skipped", x.skipped());
            m.put("sent", x.sent());
            m.put("failed", x.failed());
            m.put("inDoubt", x.inDoubt());
            m.put("waiting", x.remaining());
            return m;
        }
    }
}

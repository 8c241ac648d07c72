package org.invitedesk.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.invitedesk.service.PortalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in for the company's portal on the embedded demo: answers the invitation links on
 * 127.0.0.1 (the JDK's own HTTP server), so a new user can open an .eml from outbox/, click its
 * link and see the counts move. Opening the link only shows a page; the account is made by the
 * page's button (a POST), as a real portal does, because mail scanners open links too.
 */
public final class LocalPortal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPortal.class);

    private final HttpServer server;
    private final PortalService portal;

    private LocalPortal(HttpServer server, PortalService portal) {
        this.server = server;
        this.portal = portal;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port); null, with one log line, when the port is taken. */
    public static LocalPortal start(PortalService portal, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            LocalPortal p = new LocalPortal(s, portal);
            s.createContext("/portal", p::handle);
            s.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "local-portal");
                t.setDaemon(true);
                return t;
            }));
            s.start();
            LOG.info("Local portal answers invitation links at {}", p.baseUrl());
            return p;
        } catch (IOException e) {
            LOG.warn("The local portal could not start on port {} ({}); invitation links of the demo will not open.", port, e.getMessage());
            return null;
        }
    }

    /** The links' base: {@code http://127.0.0.1:PORT/portal/}, followed by the division's code. */
    public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/portal/"; }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if ("POST".equals(x.getRequestMethod())) {
                String token = param(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), "token");
                PortalService.Acceptance a = portal.accept(token);
                page(x, a == PortalService.Acceptance.ACCEPTED ? 200 : 410, words(a));
            } else if ("HEAD".equals(x.getRequestMethod())) {
                x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                x.sendResponseHeaders(200, -1);
            } else if ("GET".equals(x.getRequestMethod())) {
                String token = param(x.getRequestURI().getRawQuery(), "token");
                if (org.invitedesk.service.Rendering.PREVIEW_TOKEN.equals(token)) {
                    page(x, 200, "<h1>This is a test invitation</h1><p>Its link is a placeholder that signs nobody up. A real"
                            + " invitation's link opens the portal's sign-up here.</p>");
                    return;
                }
                PortalService.Acceptance now = portal.state(token);
                if (now != PortalService.Acceptance.OPEN) {
                    page(x, 410, words(now)); // used, expired, withdrawn…: say so at once, no button
                    return;
                }
                page(x, 200, "<h1>Your customer portal invitation</h1><p>Create your portal account to see your bills, pay online and manage service.</p>"
                        + "<form method=\"post\" action=\"" + x.getRequestURI().getPath() + "\"><input type=\"hidden\" name=\"token\" value=\""
                        + html(token) + "\"><button type=\"submit\">Create my portal account</button></form>"
                        + "<p class=\"note\">This is Invite Desk's local stand-in for the company's portal (demo database only).</p>");
            } else {
                page(x, 405, "<h1>Not allowed</h1>");
            }
        } catch (RuntimeException e) {
            LOG.warn("Local portal: {}", org.invitedesk.domain.Failures.oneLine(e));
            try {
                page(x, 500, "<h1>Something went wrong</h1><p>Try the link again in a moment.</p>");
            } catch (IOException ignored) {
                // the browser went away
            }
        }
    }

    static String words(PortalService.Acceptance a) {
        return switch (a) {
            case ACCEPTED -> "<h1>Your portal account is ready</h1><p>You can now sign in to the customer portal.</p>";
            case USED -> "<h1>This invitation was already used</h1><p>Your portal account exists: sign in to the portal.</p>";
            case EXPIRED -> "<h1>This invitation has expired</h1><p>Ask the company for a new invitation.</p>";
            case SUPERSEDED -> "<h1>A newer invitation was sent</h1><p>Use the link in the newest invitation email.</p>";
            case WITHDRAWN -> "<h1>This invitation was withdrawn</h1><p>Contact the company if you want a portal account.</p>";
            case UNKNOWN, OPEN -> "<h1>This link is not valid</h1><p>Check that the whole link was opened, or ask for a new invitation.</p>";
        };
    }

    private static void page(HttpExchange x, int code, String body) throws IOException {
        byte[] b = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Customer portal</title>"
                + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;color:#222}button{font-size:1.1em;padding:.5em 1em}"
                + ".note{color:#777;font-size:.85em;margin-top:3em}</style></head><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    static String param(String query, String name) {
        if (query == null) return "";
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return "";
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() { server.stop(0); }
}

package org.invitedesk.service;

import org.invitedesk.domain.Division;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** An invitation's link and how long it is valid. */
public final class InvitationLinks {
    static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

    private final Clock clock;
    private final int expiryDays;

    public InvitationLinks(Clock clock, int expiryDays) {
        this.clock = clock;
        this.expiryDays = expiryDays;
    }

    /** When an invitation queued now expires. */
    public OffsetDateTime expiresAt() { return OffsetDateTime.now(clock).plusDays(expiryDays); }

    /** The date an invitation sent now expires, as the templates print it. */
    public String expiresOn() { return expiresAt().atZoneSameInstant(ZoneId.systemDefault()).format(EXPIRES); }

    /** The division's portal address with the token as a query parameter. */
    public static String inviteUrl(Division d, String token) {
        String base = d.portalBaseUrl();
        return base + (base.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
    }
}

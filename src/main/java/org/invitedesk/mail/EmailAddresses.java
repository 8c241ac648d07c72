package org.invitedesk.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Optional;

/** The rule for a sender address typed by a person: exactly one plain address, nothing else. */
public final class EmailAddresses {
    private EmailAddresses() { }

    /** @return empty when valid, else the message to show at the field */
    public static Optional<String> problemWithFrom(String raw) {
        if (raw == null || raw.isBlank()) return Optional.of("Enter the sender address, e.g. billing@yourcompany.com.");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n') return Optional.of("The sender address must be on one line.");
            if (Character.isISOControl(c)) return Optional.of("The sender address contains a control character; retype it.");
        }
        String s = raw.strip();
        if (s.length() > 254) return Optional.of("The sender address is longer than 254 characters.");
        if (s.contains(",") || s.contains(";")) return Optional.of("Enter one sender address, not a list.");
        if (s.contains("<") || s.contains(">") || s.contains("\"") || s.contains("(")) {
            return Optional.of("Enter the bare address (name@domain), without a display name or brackets.");
        }
        if (s.chars().anyMatch(Character::isWhitespace)) return Optional.of("The sender address may not contain spaces.");
        if (s.chars().filter(c -> c == '@').count() != 1) return Optional.of("The sender address needs exactly one @.");
        if (s.chars().anyMatch(c -> c > 127)) {
            return Optional.of("Use an ASCII sender address (an internationalised domain must be written in its xn-- form).");
        }
        String domain = s.substring(s.indexOf('@') + 1);
        if (s.indexOf('@') == 0) return Optional.of("The sender address needs a name before the @.");
        if (!domain.matches("[^.]+(\\.[^.]+)+")) return Optional.of("The sender address needs a full domain, e.g. example.com.");
        try {
            new InternetAddress(s, true).validate();
        } catch (AddressException e) {
            return Optional.of("'" + s + "' is not a valid email address.");
        }
        return Optional.empty();
    }

    public static String normalizedFrom(String raw) { return raw == null ? null : raw.strip(); }
}

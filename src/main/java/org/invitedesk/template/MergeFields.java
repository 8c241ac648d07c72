package org.invitedesk.template;

import org.invitedesk.domain.Division;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The values a template may use: each field's name, what it is, and where its value comes from,
 * defined once. The templates window lists {@link #ALL}; sending, previews and checks render with
 * {@link #values(Input)}.
 */
public final class MergeFields {
    /** One merge field: {@code $group.name} (or {@code $name}), a description, and its value. */
    public record Field(String reference, String description, Function<Input, String> value) { }

    /** What one message is rendered from. */
    public record Input(String firstName, String lastName, String email, String accountNumber, String accountName,
                        Division division, String inviteUrl, String expiresOn) { }

    public static final List<Field> ALL = List.of(
            new Field("$contact.firstName", "contact's first name", Input::firstName),
            new Field("$contact.lastName", "contact's last name", Input::lastName),
            new Field("$contact.email", "address the invitation goes to", Input::email),
            new Field("$account.number", "account number", Input::accountNumber),
            new Field("$account.name", "account name", Input::accountName),
            new Field("$division.name", "division name", i -> i.division().name()),
            new Field("$division.code", "division code", i -> i.division().code()),
            new Field("$inviteUrl", "the personal sign-up link", Input::inviteUrl),
            new Field("$expiresOn", "date the invitation expires", Input::expiresOn));

    private static final Pattern CONTROLS = Pattern.compile("[\\r\\n\\p{Cntrl}]+");

    private MergeFields() { }

    /** The Velocity context for one message: {@code contact}, {@code account}, {@code division} maps and the plain values. */
    public static Map<String, Object> values(Input input) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Field f : ALL) {
            String ref = f.reference().substring(1);
            int dot = ref.indexOf('.');
            String value = oneLine(f.value().apply(input));
            if (dot < 0) {
                v.put(ref, value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) v.computeIfAbsent(ref.substring(0, dot), k -> new LinkedHashMap<>());
                group.put(ref.substring(dot + 1), value);
            }
        }
        return v;
    }

    /** A merge value on one line: control characters (CR, LF, …) become a space. */
    static String oneLine(String s) {
        if (s == null) return "";
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) return CONTROLS.matcher(s).replaceAll(" ").strip();
        }
        return s.strip();
    }
}

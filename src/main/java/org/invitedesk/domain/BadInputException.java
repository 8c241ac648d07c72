package org.invitedesk.domain;

/**
 * Input the user can fix: the message says what is wrong and what to do. Exit code 2. The
 * {@link #field()} lets the window or the command line add its own advice.
 */
public class BadInputException extends RuntimeException {
    private final InputField field;

    public BadInputException(String message) { this(InputField.OTHER, message); }

    public BadInputException(InputField field, String message) {
        super(message);
        this.field = field;
    }

    public InputField field() { return field; }
}

package org.invitedesk.domain;

/** Input the user can fix: the message says what is wrong and what to do. Exit code 2. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) { super(message); }
}

package org.invitedesk.domain;

/** A server (database, SMTP) that cannot be reached; the message names it, never a password. Exit code 1. */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message) { super(message); }
    public UnavailableException(String message, Throwable cause) { super(message, cause); }
}

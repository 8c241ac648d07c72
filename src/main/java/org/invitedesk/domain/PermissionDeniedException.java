package org.invitedesk.domain;

public class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) { super(message); }
}

package org.invitedesk.service.send;

/** Who runs a batch: a person's window, a command ({@code send}, {@code resume}), or a sender service ({@code serve}). */
public enum RunnerKind { SERVICE, WINDOW, COMMAND }

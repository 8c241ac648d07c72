package org.invitedesk.domain;

/** One kind of derived copy and how many of its rows disagreed with the source of truth. */
public record CopyCheck(String copy, long wrong) { }

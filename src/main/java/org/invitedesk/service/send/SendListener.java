package org.invitedesk.service.send;

import org.invitedesk.domain.SendProgress;

/** Receives a progress snapshot a few times per second (from a background thread). */
@FunctionalInterface
public interface SendListener {
    void progress(SendProgress p);

    SendListener NONE = p -> { };
}

package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.Ports;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Ports.UserEventFeed} that remembers who listens. Attaching cannot fail from the domain's point of view (the
 * real feed retries on its own), so this fake has no failure to be told.
 */
public final class FakeUserEventFeed implements Ports.UserEventFeed {

    private final List<ClientSession> attached = new ArrayList<>();
    private final List<ClientSession> detached = new ArrayList<>();

    public List<ClientSession> attached() {
        return attached;
    }

    public List<ClientSession> detached() {
        return detached;
    }

    @Override
    public void attach(ClientSession session) {
        attached.add(session);
    }

    @Override
    public void detach(ClientSession session) {
        detached.add(session);
    }
}

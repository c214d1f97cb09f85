package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.SessionState;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link Ports.SessionStore} in a map; records every save, including the ones told to fail. */
public final class FakeSessionStore extends FakePort implements Ports.SessionStore {

    /** One call of {@link #save}. */
    public record Save(String sessionId, SessionState state, Duration ttl) {
    }

    private final Map<String, SessionState> stored = new HashMap<>();
    private final List<Save> saves = new ArrayList<>();

    /** A session as an earlier connection left it. */
    public void put(String sessionId, SessionState state) {
        stored.put(sessionId, state);
    }

    /** The state last saved (or put) under the id, null when none. */
    public SessionState stored(String sessionId) {
        return stored.get(sessionId);
    }

    public List<Save> saves() {
        return saves;
    }

    @Override
    public Uni<Void> save(String sessionId, SessionState state, Duration ttl) {
        saves.add(new Save(sessionId, state, ttl));
        return answer(() -> {
            stored.put(sessionId, state);
            return null;
        });
    }

    @Override
    public Uni<SessionState> load(String sessionId) {
        return answer(() -> stored.get(sessionId));
    }
}

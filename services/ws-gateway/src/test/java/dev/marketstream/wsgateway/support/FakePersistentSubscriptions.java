package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.SessionState;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link Ports.PersistentSubscriptions} in a map: users without stored subscriptions get the empty state. */
public final class FakePersistentSubscriptions extends FakePort implements Ports.PersistentSubscriptions {

    /** What the store answers for a user with nothing stored. */
    public static final SessionState NONE = new SessionState(null, List.of(), Map.of(), Set.of(), false);

    private final Map<String, SessionState> byUser = new HashMap<>();

    /** The user's stored subscriptions, merged as the store merges them. */
    public void put(String userId, SessionState stored) {
        byUser.put(userId, stored);
    }

    @Override
    public Uni<SessionState> forUser(String userId) {
        return answer(() -> byUser.getOrDefault(userId, NONE));
    }
}

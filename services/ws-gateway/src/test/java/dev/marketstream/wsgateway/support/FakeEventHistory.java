package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.UserEvent;
import dev.marketstream.wsgateway.domain.UserEventSequencer.Numbered;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link Ports.EventHistory} in lists; records what was asked. */
public final class FakeEventHistory extends FakePort implements Ports.EventHistory {

    /** One call: a user's history ({@code userId} null for broadcasts) after {@code seq}, at most {@code max}. */
    public record Query(String userId, long seq, int max) {
    }

    private final Map<String, List<Numbered<UserEvent>>> byUser = new HashMap<>();
    private final List<Numbered<UserEvent>> broadcasts = new ArrayList<>();
    private final List<Query> queries = new ArrayList<>();

    /** An event of a user's history, as the event-processor would have written it. */
    public void add(String userId, long seq, UserEvent event) {
        byUser.computeIfAbsent(userId, u -> new ArrayList<>()).add(new Numbered<>(seq, event));
    }

    public void addBroadcast(long seq, UserEvent event) {
        broadcasts.add(new Numbered<>(seq, event));
    }

    public List<Query> queries() {
        return queries;
    }

    @Override
    public Uni<List<Numbered<UserEvent>>> userEventsAfter(String userId, long seq, int max) {
        queries.add(new Query(userId, seq, max));
        return answer(() -> after(byUser.getOrDefault(userId, List.of()), seq, max));
    }

    @Override
    public Uni<List<Numbered<UserEvent>>> broadcastsAfter(long seq, int max) {
        queries.add(new Query(null, seq, max));
        return answer(() -> after(broadcasts, seq, max));
    }

    private static List<Numbered<UserEvent>> after(List<Numbered<UserEvent>> events, long seq, int max) {
        return events.stream().filter(e -> e.seq() > seq).sorted(Comparator.comparingLong(Numbered::seq)).limit(max).toList();
    }
}

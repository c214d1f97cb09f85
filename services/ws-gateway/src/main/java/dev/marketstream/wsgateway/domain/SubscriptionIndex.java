package dev.marketstream.wsgateway.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local subscribers want which market stream, grouped by lane so that one record costs one task
 * per lane plus one call per subscriber, never a scan of all connections. Thread-safe: connections
 * register from their lanes while the feed thread reads.
 */
public final class SubscriptionIndex {

    private final Map<StreamKey, Map<Lane, Set<MarketSubscriber>>> byStream = new ConcurrentHashMap<>();

    public void add(StreamKey stream, MarketSubscriber subscriber) {
        byStream.computeIfAbsent(stream, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(subscriber.lane(), l -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
    }

    public void remove(StreamKey stream, MarketSubscriber subscriber) {
        byStream.computeIfPresent(stream, (key, lanes) -> {
            lanes.computeIfPresent(subscriber.lane(), (lane, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
            return lanes.isEmpty() ? null : lanes;
        });
    }

    /** The subscribers of a stream by lane; empty when nobody on this pod subscribed. */
    public Map<Lane, Set<MarketSubscriber>> subscribers(StreamKey stream) {
        Map<Lane, Set<MarketSubscriber>> lanes = byStream.get(stream);
        return lanes == null ? Map.of() : lanes;
    }

    public int streamCount() {
        return byStream.size();
    }
}

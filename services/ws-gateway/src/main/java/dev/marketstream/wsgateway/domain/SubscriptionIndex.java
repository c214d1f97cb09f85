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

    private final Map<StreamKey, Subscribers> byStream = new ConcurrentHashMap<>();

    /**
     * The key of the stream its subscribers already share, or the given one for a stream nobody here subscribes to:
     * subscriptions keep the shared key instead of their own copy of it (~75 B per subscription on an idle pod).
     */
    public StreamKey sharedKey(StreamKey stream) {
        Subscribers subscribers = byStream.get(stream);
        return subscribers == null ? stream : subscribers.stream;
    }

    public void add(StreamKey stream, MarketSubscriber subscriber) {
        // compute, not computeIfAbsent and add: a remove of the stream's last subscriber cannot orphan this one
        byStream.compute(stream, (key, subscribers) -> {
            Subscribers present = subscribers == null ? new Subscribers(key) : subscribers;
            present.byLane.computeIfAbsent(subscriber.lane(), lane -> ConcurrentHashMap.newKeySet()).add(subscriber);
            return present;
        });
    }

    public void remove(StreamKey stream, MarketSubscriber subscriber) {
        byStream.computeIfPresent(stream, (key, subscribers) -> {
            subscribers.byLane.computeIfPresent(subscriber.lane(), (lane, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
            return subscribers.byLane.isEmpty() ? null : subscribers;
        });
    }

    /** The subscribers of a stream by lane; empty when nobody on this pod subscribed. */
    public Map<Lane, Set<MarketSubscriber>> subscribers(StreamKey stream) {
        Subscribers subscribers = byStream.get(stream);
        return subscribers == null ? Map.of() : subscribers.byLane;
    }

    public int streamCount() {
        return byStream.size();
    }

    private static final class Subscribers {
        final StreamKey stream;
        final Map<Lane, Set<MarketSubscriber>> byLane = new ConcurrentHashMap<>();

        Subscribers(StreamKey stream) {
            this.stream = stream;
        }
    }
}

package dev.marketstream.wsgateway.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local subscribers want which market stream, grouped by lane so that one record costs one task
 * per lane plus one call per subscriber, never a scan of all connections. Thread-safe: connections
 * register from their lanes while the feed thread reads. A lane's subscribers of a stream are an array replaced on
 * every change (copy on write): the fan-out reads it for every record, as a scan of adjacent references instead of a
 * walk of hash nodes, and subscriptions change far less often than records arrive.
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
            present.byLane.merge(subscriber.lane(), new MarketSubscriber[] {subscriber}, SubscriptionIndex::with);
            return present;
        });
    }

    public void remove(StreamKey stream, MarketSubscriber subscriber) {
        byStream.computeIfPresent(stream, (key, subscribers) -> {
            subscribers.byLane.computeIfPresent(subscriber.lane(), (lane, present) -> without(present, subscriber));
            return subscribers.byLane.isEmpty() ? null : subscribers;
        });
    }

    /** The subscribers of a stream by lane, each array never changed (nor to be changed); empty when nobody here subscribed. */
    public Map<Lane, MarketSubscriber[]> subscribers(StreamKey stream) {
        Subscribers subscribers = byStream.get(stream);
        return subscribers == null ? Map.of() : subscribers.byLane;
    }

    public int streamCount() {
        return byStream.size();
    }

    /** {@code present} and {@code added}'s one subscriber, once. */
    private static MarketSubscriber[] with(MarketSubscriber[] present, MarketSubscriber[] added) {
        if (Arrays.asList(present).contains(added[0])) {
            return present;
        }
        MarketSubscriber[] more = Arrays.copyOf(present, present.length + 1);
        more[present.length] = added[0];
        return more;
    }

    /** {@code present} without {@code removed}; null (no entry) when nothing is left. */
    private static MarketSubscriber[] without(MarketSubscriber[] present, MarketSubscriber removed) {
        int at = Arrays.asList(present).indexOf(removed);
        if (at < 0) {
            return present;
        }
        if (present.length == 1) {
            return null;
        }
        MarketSubscriber[] fewer = new MarketSubscriber[present.length - 1];
        System.arraycopy(present, 0, fewer, 0, at);
        System.arraycopy(present, at + 1, fewer, at, fewer.length - at);
        return fewer;
    }

    private static final class Subscribers {
        final StreamKey stream;
        final Map<Lane, MarketSubscriber[]> byLane = new ConcurrentHashMap<>();

        Subscribers(StreamKey stream) {
            this.stream = stream;
        }
    }
}

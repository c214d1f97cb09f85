package dev.marketstream.gateway.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import dev.marketstream.gateway.protocol.ServerFrames;

/**
 * Turns market records into frames and hands them to the local subscribers of their stream (see
 * DESIGN.md). Each record gets the next {@code seq} of its stream and is encoded once; a batch of
 * records becomes one task per lane. Called from the single feed thread; sequence numbers are also
 * read by lanes for snapshots.
 */
public final class FanOut {

    private final SubscriptionIndex index;
    private final GatewayStats stats;
    private final Clock clock;
    private final Map<StreamKey, AtomicLong> sequences = new ConcurrentHashMap<>();

    public FanOut(SubscriptionIndex index, GatewayStats stats, Clock clock) {
        this.index = index;
        this.stats = stats;
        this.clock = clock;
    }

    /** Dispatches a batch of records in order; records of one stream reach each subscriber in this order. */
    public void publish(List<MarketUpdate> updates) {
        Map<Lane, List<Delivery>> byLane = new HashMap<>();
        Instant now = clock.instant();
        for (MarketUpdate update : updates) {
            stats.eventsProcessed.increment();
            stats.recordLatencyMicros(Duration.between(update.timestamp(), now).toNanos() / 1000);
            MarketFrame frame = frame(update);
            for (Map.Entry<Lane, Set<MarketSubscriber>> lane : index.subscribers(update.stream()).entrySet()) {
                byLane.computeIfAbsent(lane.getKey(), l -> new ArrayList<>()).add(new Delivery(frame, lane.getValue()));
            }
        }
        byLane.forEach((lane, deliveries) -> lane.execute(() -> deliver(lane, deliveries)));
    }

    private static void deliver(Lane lane, List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            for (MarketSubscriber subscriber : delivery.subscribers()) {
                if (subscriber.lane() == lane) {
                    subscriber.onMarketFrame(delivery.frame());
                }
            }
        }
    }

    private MarketFrame frame(MarketUpdate update) {
        long seq = sequences.computeIfAbsent(update.stream(), k -> new AtomicLong()).incrementAndGet();
        String json = ServerFrames.market(update.stream().type().serverEvent(), update.stream().wireName(), seq, false, update.dataJson());
        return new MarketFrame(update, seq, json);
    }

    /** The last {@code seq} given on a stream (0 before its first record); snapshots carry it. */
    public long currentSeq(StreamKey stream) {
        AtomicLong seq = sequences.get(stream);
        return seq == null ? 0 : seq.get();
    }

    private record Delivery(MarketFrame frame, Set<MarketSubscriber> subscribers) {
    }
}

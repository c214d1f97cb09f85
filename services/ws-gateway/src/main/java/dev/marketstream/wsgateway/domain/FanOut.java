package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns market records into frames and hands them to the local subscribers of their stream (see
 * DESIGN.md). Each record gets the next {@code seq} of its stream and, when anyone here subscribed, is
 * encoded once to UTF-8 bytes that every subscriber shares; a batch of records becomes one task per lane,
 * which writes every frame and then flushes each connection it wrote to once. Called from the single feed
 * thread; sequence numbers are also read by lanes for snapshots.
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
        long nowMicros = micros(clock.instant());
        for (MarketUpdate update : updates) {
            stats.eventsProcessed.increment();
            stats.recordLatencyMicros(nowMicros - update.timestampNanos() / 1_000);
            long seq = sequence(update.stream()).incrementAndGet();
            Map<Lane, Set<MarketSubscriber>> lanes = index.subscribers(update.stream());
            if (lanes.isEmpty()) {
                continue;
            }
            MarketFrame frame = frame(update, seq);
            for (Map.Entry<Lane, Set<MarketSubscriber>> lane : lanes.entrySet()) {
                byLane.computeIfAbsent(lane.getKey(), l -> new ArrayList<>()).add(new Delivery(frame, lane.getValue()));
            }
        }
        byLane.forEach((lane, deliveries) -> lane.execute(() -> deliver(lane, deliveries)));
    }

    /** On the lane: writes every frame of the batch, then flushes each subscriber written to, so frames share syscalls. */
    private static void deliver(Lane lane, List<Delivery> deliveries) {
        Set<MarketSubscriber> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Delivery delivery : deliveries) {
            for (MarketSubscriber subscriber : delivery.subscribers()) {
                if (subscriber.lane() == lane) {
                    subscriber.onMarketFrame(delivery.frame());
                    written.add(subscriber);
                }
            }
        }
        for (MarketSubscriber subscriber : written) {
            subscriber.flush();
        }
    }

    private AtomicLong sequence(StreamKey stream) {
        AtomicLong seq = sequences.get(stream);
        return seq != null ? seq : sequences.computeIfAbsent(stream, k -> new AtomicLong());
    }

    private static MarketFrame frame(MarketUpdate update, long seq) {
        String json = ServerFrames.market(update.stream().type().serverEvent(), update.stream().wireName(), seq, false, update.dataJson());
        return new MarketFrame(update, seq, update.conflationKey(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** The last {@code seq} given on a stream (0 before its first record); snapshots carry it. */
    public long currentSeq(StreamKey stream) {
        AtomicLong seq = sequences.get(stream);
        return seq == null ? 0 : seq.get();
    }

    private record Delivery(MarketFrame frame, Set<MarketSubscriber> subscribers) {
    }
}

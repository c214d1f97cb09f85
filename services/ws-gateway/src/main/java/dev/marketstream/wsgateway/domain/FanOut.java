package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Turns market records into frames and hands them to the local subscribers of their stream (see
 * DESIGN.md). Each record gets the next {@code seq} of its stream and, when anyone here subscribed, is
 * encoded once to UTF-8 bytes that every subscriber shares; a batch of records goes to each lane's {@link LaneMailbox},
 * whose drain writes every frame and then flushes each connection it wrote to once. Called from the single feed
 * thread; sequence numbers are also read by lanes for snapshots.
 */
public final class FanOut {

    private final SubscriptionIndex index;
    private final GatewayStats stats;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final long conflateAfterNanos;
    private final Map<StreamKey, AtomicLong> sequences = new ConcurrentHashMap<>();
    /** Used only by the feed thread. */
    private final Map<Lane, LaneMailbox> mailboxes = new HashMap<>();
    private final BusyLanes busyLanes = new BusyLanes();

    /** A fan-out whose lanes deliver every frame however far behind they are. */
    public FanOut(SubscriptionIndex index, GatewayStats stats, Clock clock) {
        this(index, stats, clock, System::nanoTime, Long.MAX_VALUE);
    }

    /**
     * @param conflateAfterNanos how long a frame may wait for its lane before a newer frame of the same stream waiting
     *        behind it replaces it (see {@link LaneMailbox})
     */
    public FanOut(SubscriptionIndex index, GatewayStats stats, Clock clock, LongSupplier nanoClock, long conflateAfterNanos) {
        this.index = index;
        this.stats = stats;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.conflateAfterNanos = conflateAfterNanos;
    }

    /** Dispatches a batch of records in order; records of one stream reach each subscriber in this order. */
    public void publish(List<MarketUpdate> updates) {
        Map<Lane, List<LaneMailbox.Delivery>> byLane = new HashMap<>();
        long nowMicros = micros(clock.instant());
        long postedNanos = nanoClock.getAsLong();
        for (MarketUpdate update : updates) {
            stats.eventsProcessed.increment();
            stats.recordLatencyMicros(update.stream().type(), nowMicros - update.timestampNanos() / 1_000);
            long seq = sequence(update.stream()).incrementAndGet();
            Map<Lane, Set<MarketSubscriber>> lanes = index.subscribers(update.stream());
            if (lanes.isEmpty()) {
                continue;
            }
            MarketFrame frame = frame(update, seq);
            for (Map.Entry<Lane, Set<MarketSubscriber>> lane : lanes.entrySet()) {
                byLane.computeIfAbsent(lane.getKey(), l -> new ArrayList<>())
                        .add(new LaneMailbox.Delivery(frame, lane.getValue(), postedNanos));
            }
        }
        byLane.forEach((lane, deliveries) -> mailbox(lane).post(deliveries));
    }

    /**
     * Waits, for at most {@code maxWaitNanos}, until every lane has written the frames it was handed; whether all
     * have. The feed thread calls it between polls: while the event loops are busy, new records wait in Kafka rather
     * than in the lanes' mailboxes, and the next poll brings more of them with one fetch.
     */
    public boolean awaitLanes(long maxWaitNanos) throws InterruptedException {
        return busyLanes.awaitIdle(maxWaitNanos);
    }

    private LaneMailbox mailbox(Lane lane) {
        LaneMailbox mailbox = mailboxes.get(lane);
        if (mailbox == null) {
            mailbox = new LaneMailbox(lane, stats, clock, nanoClock, conflateAfterNanos, busyLanes);
            mailboxes.put(lane, mailbox);
        }
        return mailbox;
    }

    private AtomicLong sequence(StreamKey stream) {
        AtomicLong seq = sequences.get(stream);
        return seq != null ? seq : sequences.computeIfAbsent(stream, k -> new AtomicLong());
    }

    private static MarketFrame frame(MarketUpdate update, long seq) {
        String json = ServerFrames.market(update.stream().type().serverEvent(), update.stream().wireName(), seq, false,
                update.traceId(), update.dataJson());
        return new MarketFrame(update, seq, update.conflationKey(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Epoch microseconds of {@code instant}, the unit of the latency samples. */
    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** The last {@code seq} given on a stream (0 before its first record); snapshots carry it. */
    public long currentSeq(StreamKey stream) {
        AtomicLong seq = sequences.get(stream);
        return seq == null ? 0 : seq.get();
    }
}

package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;

/** Counters of one gateway pod; exported as metrics and summed up by the REST API. Thread-safe. */
public final class GatewayStats {

    private static final int NORMAL_CLOSURE = 1000;
    private static final int GOING_AWAY = 1001;

    public final AtomicInteger activeConnections = new AtomicInteger();
    public final LongAdder connectionsOpened = new LongAdder();
    /** Connections that ended with a close code other than 1000 (normal) or 1001 (going away): the drop-rate alert's numerator. */
    public final LongAdder connectionsDropped = new LongAdder();
    /** Market records consumed and user events received. */
    public final LongAdder eventsProcessed = new LongAdder();
    /** Market records that could not be decoded, and client frames refused. */
    public final LongAdder errors = new LongAdder();
    public final LongAdder framesRejected = new LongAdder();
    public final LongAdder framesDelivered = new LongAdder();
    /** Updates replaced by a newer one of the same stream before they were written. */
    public final LongAdder conflated = new LongAdder();
    /** Order books that lost their sync (a record skipped a book sequence) and wait for the next snapshot record. */
    public final LongAdder bookGaps = new LongAdder();
    /** History reads of user events or broadcasts a connection missed: a resume, a {@code seq} gap, a Pub/Sub reconnect. */
    public final LongAdder eventBackfills = new LongAdder();
    /** Frames discarded because their connection was closed before they could be written. */
    public final LongAdder dropped = new LongAdder();
    public final LongAdder slowClientDisconnects = new LongAdder();
    public final LongAdder abuseDisconnects = new LongAdder();
    public final LongAdder idleDisconnects = new LongAdder();
    /** Connections closed because their token expired without a refresh (4003). */
    public final LongAdder tokenExpiryDisconnects = new LongAdder();
    /** Connections closed for a frame over the WebSocket layer's limit (1009). */
    public final LongAdder oversizedDisconnects = new LongAdder();
    /** Handshakes refused, by reason (see {@link Refusal}). */
    public final Map<Refusal, LongAdder> refused = refusalCounters();
    /** Session states the session store did not take: a resume of such a session may miss the change, or find no session. */
    public final LongAdder sessionSaveFailures = new LongAdder();
    private final LongAdder latencyMicros = new LongAdder();
    private final LongAdder latencySamples = new LongAdder();
    private volatile ObjLongConsumer<DataType> latencyHistogram = (type, micros) -> { };
    private volatile ObjLongConsumer<DataType> writeLatencyHistogram = (type, micros) -> { };
    private volatile ObjLongConsumer<ServerEvent> userEventLatency = (event, micros) -> { };

    /** Why a handshake was refused; the {@code reason} tag of the refusal counter. */
    public enum Refusal {
        UNAUTHENTICATED("unauthenticated"), FORBIDDEN("forbidden"), DRAINING("draining"), PER_USER_LIMIT("per_user_limit");

        public final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    private static Map<Refusal, LongAdder> refusalCounters() {
        Map<Refusal, LongAdder> counters = new EnumMap<>(Refusal.class);
        for (Refusal refusal : Refusal.values()) {
            counters.put(refusal, new LongAdder());
        }
        return Collections.unmodifiableMap(counters);
    }

    public void recordOpened() {
        activeConnections.incrementAndGet();
        connectionsOpened.increment();
    }

    /** A connection ended with {@code closeCode}. */
    public void recordClosed(int closeCode) {
        activeConnections.decrementAndGet();
        if (closeCode != NORMAL_CLOSURE && closeCode != GOING_AWAY) {
            connectionsDropped.increment();
        }
    }

    /** Where the publish-to-dispatch age of each user event goes (the Prometheus histogram per event type). */
    public void exportUserEventLatencyTo(ObjLongConsumer<ServerEvent> histogram) {
        this.userEventLatency = histogram;
    }

    /** Records the age of a user event (published to handed to its connections), once per event. */
    public void recordUserEventLatencyMicros(ServerEvent event, long micros) {
        userEventLatency.accept(event, Math.max(0, micros));
    }

    /** Sends every market latency sample also to {@code histogram} (per data type), the samples the average is made of. */
    public void exportLatencyTo(ObjLongConsumer<DataType> histogram) {
        this.latencyHistogram = histogram;
    }

    /** Records the age of a market record of {@code type} (market time to dispatch), once per record fanned out. */
    public void recordLatencyMicros(DataType type, long micros) {
        long age = Math.max(0, micros);
        latencyHistogram.accept(type, age);
        // A candle is published when its window closes, so its age includes the window: left out of the average.
        if (type != DataType.CANDLES) {
            latencyMicros.add(age);
            latencySamples.increment();
        }
    }

    /** Where the age of market frames at the socket write goes (the Prometheus histogram per data type). */
    public void exportWriteLatencyTo(ObjLongConsumer<DataType> histogram) {
        this.writeLatencyHistogram = histogram;
    }

    /** Records the age of a market frame of {@code type} when a lane wrote and flushed it (once per frame and lane). */
    public void recordWriteLatencyMicros(DataType type, long micros) {
        writeLatencyHistogram.accept(type, Math.max(0, micros));
    }

    /** The mean age of price, volume and order-book records at fan-out (the latency alert's measure). */
    public double averageLatencyMillis() {
        long samples = latencySamples.sum();
        return samples == 0 ? 0 : latencyMicros.sum() / 1000.0 / samples;
    }

    /** Errors per event processed, 0 when nothing was processed. */
    public double errorRate() {
        long total = eventsProcessed.sum() + framesRejected.sum();
        return total == 0 ? 0 : (double) errors.sum() / total;
    }
}

package dev.marketstream.wsgateway.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one gateway pod; exported as metrics and summed up by the REST API. Thread-safe. */
public final class GatewayStats {

    public final AtomicInteger activeConnections = new AtomicInteger();
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

    /** Records the age of a market record (market time to dispatch). */
    public void recordLatencyMicros(long micros) {
        latencyMicros.add(Math.max(0, micros));
        latencySamples.increment();
    }

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

package dev.marketstream.events.binary;

import dev.marketstream.events.sbe.EnvelopeDecoder;
import dev.marketstream.events.sbe.EnvelopeEncoder;
import java.time.Instant;

/** Writes and copies the envelope composite that leads every binary event (id, creation time, trace). */
public final class Envelopes {

    private Envelopes() {
    }

    public static void write(EnvelopeEncoder envelope, long eventIdMsb, long eventIdLsb, long timestampNanos, TraceIds trace) {
        envelope.eventIdMsb(eventIdMsb).eventIdLsb(eventIdLsb).timestamp(timestampNanos)
                .traceIdHigh(trace.traceHigh()).traceIdLow(trace.traceLow()).spanId(trace.spanId());
    }

    /** The same event identity, creation time and trace on a derived event (a price update from a trade, say). */
    public static void copy(EnvelopeDecoder from, EnvelopeEncoder to) {
        to.eventIdMsb(from.eventIdMsb()).eventIdLsb(from.eventIdLsb()).timestamp(from.timestamp())
                .traceIdHigh(from.traceIdHigh()).traceIdLow(from.traceIdLow()).spanId(from.spanId());
    }

    public static TraceIds trace(EnvelopeDecoder envelope) {
        return new TraceIds(envelope.traceIdHigh(), envelope.traceIdLow(), envelope.spanId());
    }

    /** Nanoseconds since the epoch of an instant. */
    public static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The current time in nanoseconds since the epoch (microsecond precision on most clocks). */
    public static long now() {
        return nanos(Instant.now());
    }
}

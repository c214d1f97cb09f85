package dev.marketstream.events.kafka;

import dev.marketstream.events.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes the trace context as Kafka record headers: the product's {@code trace-id} and {@code span-id},
 * and the W3C {@code traceparent} (the same ids plus the sampled flag) that OpenTelemetry reads. Both are written
 * from one {@link TraceContext}, so they always agree; a reader prefers {@code traceparent}.
 */
public final class TraceHeaders {

    public static final String TRACE_ID = "trace-id";
    public static final String SPAN_ID = "span-id";
    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** Writes the context as not sampled (no span of it is recorded): ids for correlation only. */
    public static void write(Headers headers, TraceContext trace) {
        write(headers, trace, false);
    }

    /** Writes the context, replacing any trace headers the record had. */
    public static void write(Headers headers, TraceContext trace, boolean sampled) {
        headers.remove(TRACE_ID).remove(SPAN_ID).remove(TRACEPARENT);
        headers.add(TRACE_ID, trace.traceId().getBytes(StandardCharsets.US_ASCII));
        headers.add(SPAN_ID, trace.spanId().getBytes(StandardCharsets.US_ASCII));
        headers.add(traceparent(trace, sampled));
    }

    /**
     * The {@code traceparent} header alone, for the market topics, whose records carry the ids in their binary
     * envelope already; one instance can be added to every record of a batch.
     */
    public static Header traceparent(TraceContext trace, boolean sampled) {
        return new Traceparent(trace.traceparent(sampled).getBytes(StandardCharsets.US_ASCII));
    }

    /** A {@code traceparent} header (Kafka's own header class lives in an internals package). */
    private record Traceparent(byte[] value) implements Header {
        @Override
        public String key() {
            return TRACEPARENT;
        }
    }

    /** The trace context of a record, if it carries a valid one ({@code traceparent} first, then the ids). */
    public static Optional<TraceContext> read(Headers headers) {
        TraceContext fromTraceparent = TraceContext.fromTraceparent(lastValue(headers, TRACEPARENT));
        if (fromTraceparent != null) {
            return Optional.of(fromTraceparent);
        }
        String traceId = lastValue(headers, TRACE_ID);
        String spanId = lastValue(headers, SPAN_ID);
        return TraceContext.isValid(traceId, spanId) ? Optional.of(new TraceContext(traceId, spanId)) : Optional.empty();
    }

    /**
     * The record's valid {@code traceparent} value, or null. Cheap when there is none (one scan of the record's
     * headers, usually empty on the market topics): this runs for every market record.
     */
    public static String traceparent(Headers headers) {
        String value = lastValue(headers, TRACEPARENT);
        return TraceContext.fromTraceparent(value) == null ? null : value;
    }

    /** The context for the next step: a new span of the record's trace, or a new trace if it has none. */
    public static TraceContext continueFrom(Headers headers) {
        return read(headers).map(TraceContext::newSpan).orElseGet(TraceContext::newTrace);
    }

    private static String lastValue(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}

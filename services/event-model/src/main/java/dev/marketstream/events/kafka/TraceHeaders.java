package dev.marketstream.events.kafka;

import dev.marketstream.events.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads and writes the trace context as Kafka record headers. */
public final class TraceHeaders {

    public static final String TRACE_ID = "trace-id";
    public static final String SPAN_ID = "span-id";

    private TraceHeaders() {
    }

    public static void write(Headers headers, TraceContext trace) {
        headers.remove(TRACE_ID).remove(SPAN_ID);
        headers.add(TRACE_ID, trace.traceId().getBytes(StandardCharsets.US_ASCII));
        headers.add(SPAN_ID, trace.spanId().getBytes(StandardCharsets.US_ASCII));
    }

    /** The trace context of a record, if it carries a valid one. */
    public static Optional<TraceContext> read(Headers headers) {
        String traceId = lastValue(headers, TRACE_ID);
        String spanId = lastValue(headers, SPAN_ID);
        return TraceContext.isValid(traceId, spanId) ? Optional.of(new TraceContext(traceId, spanId)) : Optional.empty();
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

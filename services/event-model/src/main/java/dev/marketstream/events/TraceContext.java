package dev.marketstream.events;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C trace-context ids carried beside an event (as Kafka headers {@code trace-id} and
 * {@code span-id}), so one tick can be followed from provider to client.
 *
 * @param traceId 32 lower-case hex characters
 * @param spanId 16 lower-case hex characters
 */
public record TraceContext(String traceId, String spanId) {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    public TraceContext {
        if (traceId == null || !TRACE_ID.matcher(traceId).matches()) {
            throw new IllegalArgumentException("trace id must be 32 lower-case hex characters: " + traceId);
        }
        if (spanId == null || !SPAN_ID.matcher(spanId).matches()) {
            throw new IllegalArgumentException("span id must be 16 lower-case hex characters: " + spanId);
        }
    }

    /** Starts a new trace, for an event entering the platform. */
    public static TraceContext newTrace() {
        return new TraceContext(randomHex(16), randomHex(8));
    }

    /** A new span in the same trace, for a processing step. */
    public TraceContext newSpan() {
        return new TraceContext(traceId, randomHex(8));
    }

    public static boolean isValid(String traceId, String spanId) {
        return traceId != null && spanId != null && TRACE_ID.matcher(traceId).matches() && SPAN_ID.matcher(spanId).matches();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

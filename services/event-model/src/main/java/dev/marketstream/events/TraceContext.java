package dev.marketstream.events;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace-context ids carried beside an event (as Kafka headers {@code trace-id} and
 * {@code span-id}), so one tick can be followed from provider to client.
 *
 * @param traceId 32 lower-case hex characters
 * @param spanId 16 lower-case hex characters
 */
public record TraceContext(String traceId, String spanId) {

    private static final int TRACE_ID_LENGTH = 32;
    private static final int SPAN_ID_LENGTH = 16;

    public TraceContext {
        if (!isLowerHex(traceId, TRACE_ID_LENGTH)) {
            throw new IllegalArgumentException("trace id must be 32 lower-case hex characters: " + traceId);
        }
        if (!isLowerHex(spanId, SPAN_ID_LENGTH)) {
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
        return isLowerHex(traceId, TRACE_ID_LENGTH) && isLowerHex(spanId, SPAN_ID_LENGTH);
    }

    /** {@code [0-9a-f]{length}}, checked by a loop: this runs for every record of every topic. */
    private static boolean isLowerHex(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

package dev.marketstream.events;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace-context ids carried beside an event (as Kafka headers {@code trace-id} and
 * {@code span-id}, and as the W3C {@code traceparent} that OpenTelemetry reads), so one tick can be followed from
 * provider to client.
 *
 * @param traceId 32 lower-case hex characters
 * @param spanId 16 lower-case hex characters
 */
public record TraceContext(String traceId, String spanId) {

    private static final int TRACE_ID_LENGTH = 32;
    private static final int SPAN_ID_LENGTH = 16;
    private static final String TRACEPARENT_VERSION = "00";
    /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2 flags characters. */
    private static final int TRACEPARENT_LENGTH = 55;

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

    /**
     * The W3C {@code traceparent} value of this context: {@code 00-<trace id>-<span id>-<flags>}, flags {@code 01}
     * when the step that wrote it recorded its span (sampled), else {@code 00}.
     */
    public String traceparent(boolean sampled) {
        return TRACEPARENT_VERSION + '-' + traceId + '-' + spanId + (sampled ? "-01" : "-00");
    }

    /**
     * The context of a W3C {@code traceparent} value, or null when it is not one (a later version's value is read
     * by its version-00 prefix, as the W3C specification asks).
     */
    public static TraceContext fromTraceparent(String traceparent) {
        if (traceparent == null || traceparent.length() < TRACEPARENT_LENGTH
                || (traceparent.length() > TRACEPARENT_LENGTH && traceparent.charAt(TRACEPARENT_LENGTH) != '-')
                || traceparent.startsWith("ff") || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            return null;
        }
        String traceId = traceparent.substring(3, 35);
        String spanId = traceparent.substring(36, 52);
        return isValid(traceId, spanId) && !isZero(traceId) && !isZero(spanId) ? new TraceContext(traceId, spanId) : null;
    }

    /** Whether a {@code traceparent} value has the sampled flag (the last bit of its flags byte). */
    public static boolean sampledIn(String traceparent) {
        return Character.digit(traceparent.charAt(TRACEPARENT_LENGTH - 1), 16) % 2 == 1;
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

    /** W3C: an all-zero trace or span id is invalid. */
    private static boolean isZero(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) != '0') {
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

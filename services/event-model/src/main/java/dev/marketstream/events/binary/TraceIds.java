package dev.marketstream.events.binary;

import dev.marketstream.events.TraceContext;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace-context ids as the binary envelope carries them: a 128-bit trace id and a 64-bit span id, all zero
 * when the event is not traced. {@link TraceContext} is the same thing as hex text, for headers and logs.
 */
public record TraceIds(long traceHigh, long traceLow, long spanId) {

    public static final TraceIds NONE = new TraceIds(0, 0, 0);

    /** A new trace, for data entering the platform (one per provider request or feed batch, not per tick). */
    public static TraceIds newTrace() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TraceIds(random.nextLong(), random.nextLong() | 1, random.nextLong() | 1);
    }

    public static TraceIds of(TraceContext context) {
        String trace = context.traceId();
        return new TraceIds(HexFormat.fromHexDigitsToLong(trace, 0, 16), HexFormat.fromHexDigitsToLong(trace, 16, 32),
                HexFormat.fromHexDigitsToLong(context.spanId()));
    }

    public boolean traced() {
        return traceHigh != 0 || traceLow != 0;
    }

    /** The hex form, for Kafka headers and logs; only for a traced event. */
    public TraceContext toContext() {
        HexFormat hex = HexFormat.of();
        return new TraceContext(hex.toHexDigits(traceHigh) + hex.toHexDigits(traceLow), hex.toHexDigits(spanId));
    }
}

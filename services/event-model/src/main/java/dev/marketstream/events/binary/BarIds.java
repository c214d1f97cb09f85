package dev.marketstream.events.binary;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The event id of an OHLCV bar: a name-based UUID of its symbol, interval and window start, so a bar recomputed after
 * a restart, a replay or a roll-up of stored bars always has the same id. The stream processor stamps it on the bars it
 * emits; the history writer stores it beside the bar's key, which consists of exactly these three values.
 */
public final class BarIds {

    private BarIds() {
    }

    /** The id of the bar of {@code symbol} over {@code intervalSeconds} starting at {@code windowStartNanos} (ns since the epoch). */
    public static UUID of(String symbol, int intervalSeconds, long windowStartNanos) {
        return UUID.nameUUIDFromBytes(("ohlcv|" + symbol + "|" + Intervals.name(intervalSeconds) + "|"
                + Envelopes.instant(windowStartNanos)).getBytes(StandardCharsets.UTF_8));
    }
}

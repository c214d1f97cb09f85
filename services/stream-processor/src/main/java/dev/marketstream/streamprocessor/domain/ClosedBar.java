package dev.marketstream.streamprocessor.domain;

import java.util.UUID;

/**
 * A closed OHLCV bar as the history stores it: prices and quantities in 8-decimal fixed point, times in ns since the
 * epoch, the event id the bar carried on {@code market-data-aggregated}.
 */
public record ClosedBar(String symbol, int intervalSeconds, long windowStart, long open, long high, long low, long close,
        long volume, long vwap, long tradeCount, UUID eventId) {

    /** Whole seconds of the window start (every bar interval is a whole number of seconds). */
    public long windowStartSeconds() {
        return Math.floorDiv(windowStart, 1_000_000_000L);
    }
}

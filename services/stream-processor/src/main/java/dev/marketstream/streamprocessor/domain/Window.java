package dev.marketstream.streamprocessor.domain;

import dev.marketstream.events.binary.Decimals;

/**
 * One open OHLCV window of a symbol. Open and close are the prices of the earliest and latest trade by exchange
 * time (ties keep arrival order), so a late trade inside the grace period lands in the right place. Prices and
 * sizes are 8-decimal fixed point; the notional (price × size) is a double, for the VWAP.
 */
public final class Window {

    private final int intervalSeconds;
    private final long start;
    long openTime = Long.MAX_VALUE;
    long closeTime = Long.MIN_VALUE;
    long open;
    long high = Long.MIN_VALUE;
    long low = Long.MAX_VALUE;
    long close;
    long volume;
    double notional;
    long trades;

    public Window(int intervalSeconds, long start) {
        this.intervalSeconds = intervalSeconds;
        this.start = start;
    }

    /** Start of the window of {@code intervalSeconds} that holds the time (both in ns since the epoch). */
    public static long startOf(long time, int intervalSeconds) {
        long size = intervalSeconds * 1_000_000_000L;
        return Math.floorDiv(time, size) * size;
    }

    public void add(long time, long price, long size) {
        if (time < openTime) {
            openTime = time;
            open = price;
        }
        if (time >= closeTime) {
            closeTime = time;
            close = price;
        }
        high = Math.max(high, price);
        low = Math.min(low, price);
        volume += size;
        notional += Decimals.notional(price, size);
        trades++;
    }

    /** Restores a stored window. */
    public void restore(long restoredOpenTime, long restoredCloseTime, long restoredOpen, long restoredHigh, long restoredLow,
            long restoredClose, long restoredVolume, double restoredNotional, long restoredTrades) {
        openTime = restoredOpenTime;
        closeTime = restoredCloseTime;
        open = restoredOpen;
        high = restoredHigh;
        low = restoredLow;
        close = restoredClose;
        volume = restoredVolume;
        notional = restoredNotional;
        trades = restoredTrades;
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    public long start() {
        return start;
    }

    public long end() {
        return start + intervalSeconds * 1_000_000_000L;
    }

    /** The VWAP; the close when no volume traded. */
    public long vwap() {
        return volume == 0 ? close : Decimals.ofDouble(notional / ((double) volume / Decimals.ONE));
    }

    public long openTime() {
        return openTime;
    }

    public long closeTime() {
        return closeTime;
    }

    public long open() {
        return open;
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public long close() {
        return close;
    }

    public long volume() {
        return volume;
    }

    public double notional() {
        return notional;
    }

    public long trades() {
        return trades;
    }
}

package dev.marketstream.streamprocessor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What the stream processor remembers of one symbol between trades: the session's traded volume and the OHLCV
 * windows still open (at most a few per interval: the current one and those within their grace period).
 * Mutable, confined to the stream task that owns the symbol.
 */
public final class SymbolState {

    private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

    private int sessionDay = Integer.MIN_VALUE;
    private long cumulativeVolume;
    private final List<Window> windows = new ArrayList<>(4);

    /**
     * Adds a trade's size to the session total and returns the new total. A trade of a later UTC day starts a new
     * session; a late trade of an earlier day is counted in the current one.
     */
    public long addVolume(long exchangeTime, long size) {
        int day = (int) Math.floorDiv(exchangeTime, NANOS_PER_DAY);
        if (day > sessionDay) {
            sessionDay = day;
            cumulativeVolume = size;
        } else {
            cumulativeVolume += size;
        }
        return cumulativeVolume;
    }

    /** The open window of an interval that starts at {@code start}, created empty if there is none. */
    public Window window(int intervalSeconds, long start) {
        for (Window window : windows) {
            if (window.intervalSeconds() == intervalSeconds && window.start() == start) {
                return window;
            }
        }
        Window created = new Window(intervalSeconds, start);
        windows.add(created);
        return created;
    }

    /** Removes and returns an open window, or null. */
    public Window remove(int intervalSeconds, long start) {
        for (int i = 0; i < windows.size(); i++) {
            Window window = windows.get(i);
            if (window.intervalSeconds() == intervalSeconds && window.start() == start) {
                return windows.remove(i);
            }
        }
        return null;
    }

    public List<Window> windows() {
        return windows;
    }

    public int sessionDay() {
        return sessionDay;
    }

    public long cumulativeVolume() {
        return cumulativeVolume;
    }

    /** Restores the stored session (see the state codec). */
    public void restoreSession(int day, long cumulative) {
        sessionDay = day;
        cumulativeVolume = cumulative;
    }
}

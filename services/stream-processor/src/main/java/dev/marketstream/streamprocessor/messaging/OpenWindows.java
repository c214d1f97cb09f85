package dev.marketstream.streamprocessor.messaging;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * The open OHLCV windows of one stream task ordered by when they close (window end + grace), so each record only
 * asks whether the earliest one has closed; the windows themselves live in the symbols' state.
 */
final class OpenWindows {

    /** One open window: it closes once stream time reaches {@code closesAt}. */
    record Entry(long closesAt, String symbol, int intervalSeconds, long start) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::closesAt).thenComparing(Entry::symbol)
            .thenComparingInt(Entry::intervalSeconds).thenComparingLong(Entry::start);

    private final TreeSet<Entry> entries = new TreeSet<>(ORDER);

    void add(long closesAt, String symbol, int intervalSeconds, long start) {
        entries.add(new Entry(closesAt, symbol, intervalSeconds, start));
    }

    /** The earliest window closed at {@code streamTime}, removed; null if none has. */
    Entry pollClosed(long streamTime) {
        Entry first = entries.isEmpty() ? null : entries.first();
        return first != null && first.closesAt() <= streamTime ? entries.pollFirst() : null;
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}

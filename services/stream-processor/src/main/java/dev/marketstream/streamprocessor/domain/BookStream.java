package dev.marketstream.streamprocessor.domain;

import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.sbe.BookUpdateDecoder;

/**
 * One symbol's book as the processor publishes it: the book itself (following the feed's snapshots and deltas,
 * see {@link OrderBook}), the sequence of what it published on {@code market-orderbook} (+1 per record, whatever
 * the feed's numbers), and when the next full snapshot is due: every {@code snapshotEvery} updates or
 * {@code snapshotInterval} of exchange time, so a reader that missed something waits at most that long.
 */
public final class BookStream {

    /** What to publish for an input update. */
    public enum Publish {
        /** Nothing: a gap in the feed (the book waits for the feed's next snapshot) or a repeated update. */
        NOTHING,
        /** The update's levels, as they came. */
        DELTA,
        /** The whole book: the feed sent a snapshot, or one is due. */
        SNAPSHOT
    }

    private final OrderBook book = new OrderBook();
    private long outputSeq;
    private int updatesSinceSnapshot;
    private long lastSnapshotTime = Long.MIN_VALUE;

    /**
     * Applies an input update whose decoder was just rewound, and says what to publish next under {@link #outputSeq()}.
     *
     * @throws dev.marketstream.events.codec.EventValidationException for an invalid level (the book then waits for a snapshot)
     */
    public Publish apply(BookUpdateDecoder update, long exchangeTime, int snapshotEvery, long snapshotIntervalNanos) {
        switch (book.apply(update)) {
            case REPLACED -> {
                return published(exchangeTime);
            }
            case APPLIED -> {
                if (++updatesSinceSnapshot >= snapshotEvery || exchangeTime - lastSnapshotTime >= snapshotIntervalNanos) {
                    return published(exchangeTime);
                }
                outputSeq++;
                return Publish.DELTA;
            }
            default -> {
                return Publish.NOTHING;
            }
        }
    }

    private Publish published(long exchangeTime) {
        outputSeq++;
        updatesSinceSnapshot = 0;
        lastSnapshotTime = exchangeTime;
        return Publish.SNAPSHOT;
    }

    public OrderBook book() {
        return book;
    }

    /** Sequence number of the record published last. */
    public long outputSeq() {
        return outputSeq;
    }

    public int updatesSinceSnapshot() {
        return updatesSinceSnapshot;
    }

    public long lastSnapshotTime() {
        return lastSnapshotTime;
    }

    /** Restores the stored counters (the book's levels and input sequence are restored on {@link #book()}). */
    public void restore(long restoredOutputSeq, int restoredUpdates, long restoredLastSnapshotTime) {
        outputSeq = restoredOutputSeq;
        updatesSinceSnapshot = restoredUpdates;
        lastSnapshotTime = restoredLastSnapshotTime;
    }
}

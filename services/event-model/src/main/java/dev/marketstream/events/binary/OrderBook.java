package dev.marketstream.events.binary;

import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookStateDecoder;
import dev.marketstream.events.sbe.BookStateEncoder;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.Side;
import java.util.Arrays;

/**
 * One symbol's order book as {@code BookUpdate} records describe it: a SNAPSHOT replaces it, a DELTA with the next
 * sequence number sets the listed levels (size 0 removes one), and a DELTA that skips a number leaves the book
 * unsynced until the next SNAPSHOT. Both sides are kept sorted (bids descending, asks ascending) in primitive
 * arrays, at most {@link #MAX_LEVELS} each. The stream processor, its snapshot writer and the gateway keep books
 * this one way. Not thread-safe.
 */
public final class OrderBook {

    /** Levels per side a book holds; deeper levels are the provider adapter's to cut. */
    public static final int MAX_LEVELS = 50;

    /** What an update did to the book. */
    public enum Outcome {
        /** A snapshot replaced the book: it is synced at the snapshot's sequence. */
        REPLACED,
        /** A delta with the next sequence number was applied. */
        APPLIED,
        /** A delta skipped sequence numbers, or came while unsynced: not applied, the book waits for a snapshot. */
        GAP,
        /** A delta at or below the current sequence (a duplicate or an old one): ignored. */
        STALE
    }

    private final Levels bids = new Levels(true);
    private final Levels asks = new Levels(false);
    private long seq = -1;
    private boolean synced;

    /**
     * Applies an update whose decoder was just wrapped (its levels group not read yet).
     *
     * @throws EventValidationException for a level with a price not above 0, a negative size or a side too deep;
     *         the book is then unsynced
     */
    public Outcome apply(BookUpdateDecoder update) {
        long updateSeq = update.bookSeq();
        boolean snapshot = update.kind() == BookKind.SNAPSHOT;
        if (!snapshot) {
            if (synced && updateSeq <= seq) {
                return Outcome.STALE;
            }
            if (!synced || updateSeq != seq + 1) {
                synced = false;
                return Outcome.GAP;
            }
        } else {
            bids.clear();
            asks.clear();
        }
        int index = 0;
        try {
            for (BookUpdateDecoder.LevelsDecoder level : update.levels()) {
                set(level.side(), level.price(), level.size(), index++);
            }
        } catch (EventValidationException e) {
            synced = false;
            throw e;
        }
        seq = updateSeq;
        synced = true;
        return snapshot ? Outcome.REPLACED : Outcome.APPLIED;
    }

    /** Sets one level; size 0 removes it. */
    public void set(Side side, long price, long size, int index) {
        if (price <= 0) {
            throw EventValidationException.invalid("levels[" + index + "].price", "must be greater than 0 but was " + Decimals.toString(price));
        }
        if (size < 0) {
            throw EventValidationException.invalid("levels[" + index + "].size", "must not be negative but was " + Decimals.toString(size));
        }
        if (side != Side.BID && side != Side.ASK) {
            throw EventValidationException.invalid("levels[" + index + "].side", "must be BID or ASK");
        }
        (side == Side.BID ? bids : asks).set(price, size, index);
    }

    public long seq() {
        return seq;
    }

    public boolean synced() {
        return synced;
    }

    /** Marks the book synced at a sequence number (restoring a stored book). */
    public void restore(long restoredSeq, boolean restoredSynced) {
        seq = restoredSeq;
        synced = restoredSynced;
    }

    public void clear() {
        bids.clear();
        asks.clear();
        seq = -1;
        synced = false;
    }

    public int bidCount() {
        return bids.count;
    }

    public int askCount() {
        return asks.count;
    }

    public long bidPrice(int level) {
        return bids.prices[level];
    }

    public long bidSize(int level) {
        return bids.sizes[level];
    }

    public long askPrice(int level) {
        return asks.prices[level];
    }

    public long askSize(int level) {
        return asks.sizes[level];
    }

    /** Writes every level, bids then asks, as the levels group of a BookUpdate (a snapshot of this book). */
    public void writeLevels(BookUpdateEncoder encoder) {
        BookUpdateEncoder.LevelsEncoder levels = encoder.levelsCount(bids.count + asks.count);
        for (int i = 0; i < bids.count; i++) {
            levels.next().side(Side.BID).price(bids.prices[i]).size(bids.sizes[i]);
        }
        for (int i = 0; i < asks.count; i++) {
            levels.next().side(Side.ASK).price(asks.prices[i]).size(asks.sizes[i]);
        }
    }

    /** Writes every level as the levels group of the stream processor's BookState. */
    public void writeLevels(BookStateEncoder encoder) {
        BookStateEncoder.LevelsEncoder levels = encoder.levelsCount(bids.count + asks.count);
        for (int i = 0; i < bids.count; i++) {
            levels.next().side(Side.BID).price(bids.prices[i]).size(bids.sizes[i]);
        }
        for (int i = 0; i < asks.count; i++) {
            levels.next().side(Side.ASK).price(asks.prices[i]).size(asks.sizes[i]);
        }
    }

    /** Loads the levels of a stored BookState whose decoder was just wrapped (its fixed fields are the caller's). */
    public void readLevels(BookStateDecoder state) {
        bids.clear();
        asks.clear();
        int index = 0;
        for (BookStateDecoder.LevelsDecoder level : state.levels()) {
            set(level.side(), level.price(), level.size(), index++);
        }
    }

    /** Same levels on both sides (sequence and sync state aside). */
    public boolean sameLevels(OrderBook other) {
        return bids.same(other.bids) && asks.same(other.asks);
    }

    @Override
    public String toString() {
        return "OrderBook{seq=" + seq + ", synced=" + synced + ", bids=" + bids + ", asks=" + asks + "}";
    }

    /** One side, sorted best first, in two parallel arrays. */
    private static final class Levels {
        final boolean descending;
        final long[] prices = new long[MAX_LEVELS];
        final long[] sizes = new long[MAX_LEVELS];
        int count;

        Levels(boolean descending) {
            this.descending = descending;
        }

        void set(long price, long size, int index) {
            int at = find(price);
            if (at >= 0) {
                if (size == 0) {
                    System.arraycopy(prices, at + 1, prices, at, count - at - 1);
                    System.arraycopy(sizes, at + 1, sizes, at, count - at - 1);
                    count--;
                } else {
                    sizes[at] = size;
                }
                return;
            }
            if (size == 0) {
                return;
            }
            if (count == MAX_LEVELS) {
                throw EventValidationException.invalid("levels[" + index + "]", "a side holds at most " + MAX_LEVELS + " levels");
            }
            int insert = -at - 1;
            System.arraycopy(prices, insert, prices, insert + 1, count - insert);
            System.arraycopy(sizes, insert, sizes, insert + 1, count - insert);
            prices[insert] = price;
            sizes[insert] = size;
            count++;
        }

        /** Index of the price, or -(insertion point) - 1, in this side's order. */
        int find(long price) {
            int low = 0;
            int high = count - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                long cmp = descending ? Long.compare(price, prices[mid]) : Long.compare(prices[mid], price);
                if (cmp == 0) {
                    return mid;
                }
                if (cmp > 0) {
                    high = mid - 1;
                } else {
                    low = mid + 1;
                }
            }
            return -(low + 1);
        }

        void clear() {
            count = 0;
        }

        boolean same(Levels other) {
            return count == other.count && Arrays.equals(prices, 0, count, other.prices, 0, count)
                    && Arrays.equals(sizes, 0, count, other.sizes, 0, count);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < count; i++) {
                out.append(i == 0 ? "" : ", ").append(Decimals.toString(prices[i])).append('x').append(Decimals.toString(sizes[i]));
            }
            return out.append(']').toString();
        }
    }
}

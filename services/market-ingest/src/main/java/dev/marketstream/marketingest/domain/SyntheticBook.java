package dev.marketstream.marketingest.domain;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.Side;
import java.util.random.RandomGenerator;

/**
 * One symbol's order book on the synthetic exchange, and how it changes. It starts full: {@code depth} levels a
 * side, {@code gap} cents apart around the price. Each change touches 1-3 levels of one side: a size changes, a
 * level disappears (size 0) or a new one appears on the cent grid within {@code 2 × depth × gap} cents of the last
 * price. A level the price has moved through, or left far behind, is removed first, so the book follows the price.
 *
 * <p>The book stays valid whatever the price does: each side is kept sorted by {@link OrderBook} (bids strictly
 * descending, asks strictly ascending), a new bid is placed below the best ask and a new ask above the best bid, and
 * a side never loses its last level. Every draw comes from the caller's generator, so the book follows from the seed.
 */
final class SyntheticBook {

    static final int MAX_CHANGES = 3;
    /** The fixed-point value of one cent. */
    static final long CENT = Decimals.ONE / 100;
    private static final int ADD_ATTEMPTS = 4;

    private final OrderBook book = new OrderBook();
    private final int depth;
    private final long range;
    private final long[] changedPrices = new long[MAX_CHANGES];
    private final long[] changedSizes = new long[MAX_CHANGES];
    private Side changedSide;
    private int changes;
    private long seq;

    SyntheticBook(int depth, long lastCents, long gapCents, RandomGenerator random) {
        this.depth = depth;
        this.range = 2L * depth * gapCents;
        for (int level = 1; level <= depth; level++) {
            if (lastCents - level * gapCents > 0) {
                book.set(Side.BID, (lastCents - level * gapCents) * CENT, lots(random), level);
            }
            book.set(Side.ASK, (lastCents + level * gapCents) * CENT, lots(random), level);
        }
    }

    /** The sequence number of the next update of this book (the first is 1). */
    long nextSeq() {
        return ++seq;
    }

    /** Whether the book has been sent at all (its first update, the SNAPSHOT). */
    boolean started() {
        return seq > 0;
    }

    /** The generator's own book (read only). */
    OrderBook book() {
        return book;
    }

    /** Draws and applies the changes of one update; {@link #writeChanges} then writes them. */
    void change(long lastCents, RandomGenerator random) {
        changes = 0;
        Side side = random.nextBoolean() ? Side.BID : Side.ASK;
        Side other = side == Side.BID ? Side.ASK : Side.BID;
        if (stale(side, lastCents) < 0 && stale(other, lastCents) >= 0) {
            side = other;
        }
        changedSide = side;
        int wanted = 1 + random.nextInt(MAX_CHANGES);
        for (int i = 0; i < wanted; i++) {
            changeOne(side, lastCents, random);
        }
    }

    /** The changed levels of the last {@link #change} as the levels group of a DELTA. */
    void writeChanges(BookUpdateEncoder update) {
        BookUpdateEncoder.LevelsEncoder levels = update.levelsCount(changes);
        for (int i = 0; i < changes; i++) {
            levels.next().side(changedSide).price(changedPrices[i]).size(changedSizes[i]);
        }
    }

    /** Every level as the levels group of a SNAPSHOT. */
    void writeSnapshot(BookUpdateEncoder update) {
        book.writeLevels(update);
    }

    private void changeOne(Side side, long last, RandomGenerator random) {
        int count = count(side);
        int stale = stale(side, last);
        if (stale >= 0 && count > 1) {
            record(side, price(side, stale), 0);
            return;
        }
        double roll = random.nextDouble();
        if (count < depth && (2 * count <= depth || roll < 1.0 / 3) && add(side, last, random)) {
            return;
        }
        if (count > 1 && roll >= 1.0 / 3 && roll < 2.0 / 3 && remove(side, random)) {
            return;
        }
        resize(side, random);
    }

    /** A new level near the last price on the cent grid, not crossing the other side; false if none was found. */
    private boolean add(Side side, long last, RandomGenerator random) {
        for (int attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
            long cents = side == Side.BID
                    ? Math.min(last, book.askPrice(0) / CENT) - 1 - random.nextLong(range)
                    : Math.max(last, book.bidPrice(0) / CENT) + 1 + random.nextLong(range);
            long price = cents * CENT;
            if (cents > 0 && find(side, price) < 0 && !touched(price)) {
                record(side, price, lots(random));
                return true;
            }
        }
        return false;
    }

    private boolean remove(Side side, RandomGenerator random) {
        int at = untouched(side, random);
        if (at < 0) {
            return false;
        }
        record(side, price(side, at), 0);
        return true;
    }

    private void resize(Side side, RandomGenerator random) {
        int at = untouched(side, random);
        if (at < 0) {
            return; // every level of this side changed already in this update
        }
        long size = lots(random);
        long current = side == Side.BID ? book.bidSize(at) : book.askSize(at);
        record(side, price(side, at), size == current ? size + 100 * Decimals.ONE : size);
    }

    private void record(Side side, long price, long size) {
        changedPrices[changes] = price;
        changedSizes[changes] = size;
        book.set(side, price, size, changes);
        changes++;
    }

    /** An untouched level the price has moved through or left more than twice the range behind, or -1. */
    private int stale(Side side, long last) {
        long through = last * CENT;
        long far = 2 * range * CENT;
        for (int i = 0, count = count(side); i < count; i++) {
            long price = price(side, i);
            boolean isStale = side == Side.BID ? price > through || price < through - far
                    : price < through || price > through + far;
            if (isStale && !touched(price)) {
                return i;
            }
        }
        return -1;
    }

    /** A random level not changed yet in this update, or -1. */
    private int untouched(Side side, RandomGenerator random) {
        int count = count(side);
        int start = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            int at = (start + i) % count;
            if (!touched(price(side, at))) {
                return at;
            }
        }
        return -1;
    }

    private boolean touched(long price) {
        for (int i = 0; i < changes; i++) {
            if (changedPrices[i] == price) {
                return true;
            }
        }
        return false;
    }

    private int find(Side side, long price) {
        for (int i = 0, count = count(side); i < count; i++) {
            if (price(side, i) == price) {
                return i;
            }
        }
        return -1;
    }

    private int count(Side side) {
        return side == Side.BID ? book.bidCount() : book.askCount();
    }

    private long price(Side side, int level) {
        return side == Side.BID ? book.bidPrice(level) : book.askPrice(level);
    }

    /** 100 to 5,000 shares in round lots. */
    private static long lots(RandomGenerator random) {
        return (1 + random.nextInt(50)) * 100 * Decimals.ONE;
    }
}

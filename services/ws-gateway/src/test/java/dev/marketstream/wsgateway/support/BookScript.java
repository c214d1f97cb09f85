package dev.marketstream.wsgateway.support;

import dev.marketstream.testing.BinaryMarket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * One symbol's order book as the records the stream-processor writes to {@code market-orderbook} (a SNAPSHOT, then
 * DELTAs of one to three levels, {@code bookSeq} +1 per record), with the book those records describe kept here in
 * sorted maps, independently of the gateway's book. Prices on a grid of 50 cents a side (bids 100.00-100.49, asks
 * 100.50-100.99), random but repeatable per seed.
 */
public final class BookScript {

    private final String symbol;
    private final Random random;
    private final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long seq;

    public BookScript(String symbol, long seed) {
        this.symbol = symbol;
        this.random = new Random(seed);
        for (int i = 0; i < 8; i++) {
            bids.put(price(true), size());
            asks.put(price(false), size());
        }
    }

    /** The next record: the whole book. */
    public byte[] snapshot() {
        List<String> levels = new ArrayList<>();
        bids.forEach((price, size) -> levels.add(level(true, price, size)));
        asks.forEach((price, size) -> levels.add(level(false, price, size)));
        return BinaryMarket.bookSnapshot(symbol, ++seq, Instant.now(), levels.toArray(String[]::new));
    }

    /** The next record: one to three levels set or (size 0) removed. */
    public byte[] delta() {
        int count = 1 + random.nextInt(3);
        Map<String, String> changes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            boolean bid = random.nextBoolean();
            BigDecimal price = price(bid);
            BigDecimal size = random.nextInt(10) < 3 ? BigDecimal.ZERO : size();
            if (size.signum() == 0) {
                (bid ? bids : asks).remove(price);
            } else {
                (bid ? bids : asks).put(price, size);
            }
            changes.put((bid ? "B" : "A") + price, level(bid, price, size));
        }
        return BinaryMarket.bookDelta(symbol, ++seq, Instant.now(), changes.values().toArray(String[]::new));
    }

    /** A record the gateway never gets: the next one has skipped a sequence number. */
    public void lose() {
        delta();
    }

    /** The book sequence of the last record. */
    public long seq() {
        return seq;
    }

    /** The book the records so far describe, in {@link BookReplica#describe} form. */
    public String book() {
        return BookReplica.describe(bids, asks);
    }

    public String symbol() {
        return symbol;
    }

    private BigDecimal price(boolean bid) {
        return BigDecimal.valueOf((bid ? 10_000 : 10_050) + random.nextInt(50), 2);
    }

    private BigDecimal size() {
        return BigDecimal.valueOf(1 + random.nextInt(99_999), 2);
    }

    private static String level(boolean bid, BigDecimal price, BigDecimal size) {
        return (bid ? "B " : "A ") + price.toPlainString() + "x" + size.toPlainString();
    }
}

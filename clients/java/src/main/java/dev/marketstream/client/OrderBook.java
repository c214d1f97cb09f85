package dev.marketstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One symbol's order book rebuilt from {@code market_orderbook} frames by the rules of docs/protocol.md ("Order books"):
 * a snapshot replaces the book unless it is in sync at that {@code book_seq} or later; an update applies only at
 * {@code book_seq + 1} (size 0 removes a level); a higher one means a missed change, and the book waits for a snapshot.
 * Written on the client's thread, readable from any.
 */
public final class OrderBook {

    /** What applying a frame did. */
    public enum Outcome { APPLIED, IGNORED, GAP }

    /** A price level. */
    public record Level(BigDecimal price, BigDecimal size) {
    }

    private final String symbol;
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long bookSeq = -1;
    private boolean synced;

    public OrderBook(String symbol) {
        this.symbol = symbol;
    }

    /** Applies the {@code data} of a {@code market_orderbook} frame. */
    public synchronized Outcome apply(JsonNode data) {
        long seq = data.path("book_seq").asLong();
        if ("snapshot".equals(data.path("type").asText())) {
            if (synced && bookSeq >= seq) {
                return Outcome.IGNORED;
            }
            bids.clear();
            asks.clear();
        } else if (!synced || seq <= bookSeq) {
            return Outcome.IGNORED;
        } else if (seq > bookSeq + 1) {
            synced = false;
            return Outcome.GAP;
        }
        set(bids, data.path("bids"));
        set(asks, data.path("asks"));
        bookSeq = seq;
        synced = true;
        return Outcome.APPLIED;
    }

    private static void set(Map<BigDecimal, BigDecimal> levels, JsonNode changes) {
        for (JsonNode level : changes) {
            BigDecimal price = level.path("price").decimalValue();
            BigDecimal size = level.path("size").decimalValue();
            if (size.signum() == 0) {
                levels.remove(price);
            } else {
                levels.put(price, size);
            }
        }
    }

    public String symbol() {
        return symbol;
    }

    /** The {@code book_seq} of the last frame applied; -1 before the first snapshot. */
    public synchronized long bookSeq() {
        return bookSeq;
    }

    /** True when the book is exactly the book of {@link #bookSeq()}; false before the first snapshot and after a gap. */
    public synchronized boolean synced() {
        return synced;
    }

    /** Bids, best (highest) first. */
    public synchronized List<Level> bids() {
        return levels(bids);
    }

    /** Asks, best (lowest) first. */
    public synchronized List<Level> asks() {
        return levels(asks);
    }

    private static List<Level> levels(TreeMap<BigDecimal, BigDecimal> side) {
        List<Level> levels = new ArrayList<>(side.size());
        side.forEach((price, size) -> levels.add(new Level(price, size)));
        return levels;
    }
}

package dev.marketstream.wsgateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A client's copy of one order book, rebuilt from {@code market_orderbook} frames by the rules of docs/protocol.md:
 * a snapshot (data type {@code snapshot}) replaces the book unless it is not newer than the one held; an update is
 * applied only if its {@code book_seq} is the last + 1, ignored at or below it, and after a gap the client waits for
 * the next snapshot. Counts what it saw, gaps included.
 */
public final class BookReplica {

    private final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long bookSeq = Long.MIN_VALUE;
    private boolean synced;
    private long lastFrameSeq = Long.MIN_VALUE;
    public int frames;
    public int snapshots;
    public int updates;
    public int gaps;
    /** Frames whose {@code seq} was below the previous frame's. */
    public int seqRegressions;

    /** Takes a frame; returns false for frames that are not order-book frames. */
    public boolean accept(JsonObject frame) {
        if (!"market_orderbook".equals(frame.getString("event"))) {
            return false;
        }
        frames++;
        if (frame.getLong("seq") < lastFrameSeq) {
            seqRegressions++;
        }
        lastFrameSeq = frame.getLong("seq");
        JsonObject data = frame.getJsonObject("data");
        long seq = data.getLong("book_seq");
        if ("snapshot".equals(data.getString("type"))) {
            if (!synced || seq > bookSeq) {
                bids.clear();
                asks.clear();
                set(bids, data.getJsonArray("bids"));
                set(asks, data.getJsonArray("asks"));
                bookSeq = seq;
                synced = true;
                snapshots++;
            }
        } else if (synced && seq == bookSeq + 1) {
            set(bids, data.getJsonArray("bids"));
            set(asks, data.getJsonArray("asks"));
            bookSeq = seq;
            updates++;
        } else if (synced && seq > bookSeq + 1) {
            synced = false;
            gaps++;
        }
        return true;
    }

    private static void set(NavigableMap<BigDecimal, BigDecimal> side, JsonArray levels) {
        for (int i = 0; i < levels.size(); i++) {
            JsonObject level = levels.getJsonObject(i);
            BigDecimal price = new BigDecimal(level.getValue("price").toString());
            BigDecimal size = new BigDecimal(level.getValue("size").toString());
            if (size.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }

    public long bookSeq() {
        return bookSeq;
    }

    public boolean synced() {
        return synced;
    }

    public String book() {
        return describe(bids, asks);
    }

    /** A book as text to compare: {@code bids=[100.49x12.5, ...] asks=[...]}, best first, numbers without trailing zeros. */
    public static String describe(Map<BigDecimal, BigDecimal> bids, Map<BigDecimal, BigDecimal> asks) {
        return "bids=" + side(bids) + " asks=" + side(asks);
    }

    private static String side(Map<BigDecimal, BigDecimal> levels) {
        return levels.entrySet().stream()
                .map(e -> e.getKey().stripTrailingZeros().toPlainString() + "x" + e.getValue().stripTrailingZeros().toPlainString())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

package dev.marketstream.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small live market written straight to the gateway's topics (no ingest or stream-processor): per symbol a random
 * walk of prices, a 1 s candle of each second's prices, and a ten-level order book (a snapshot every 50 changes,
 * deltas between). For browser and SDK tests that need ticks to look at; bounded by {@link #stop()}.
 */
final class SyntheticMarket {

    private static final int BOOK_SNAPSHOT_EVERY = 50;

    private final GatewayInputs inputs;
    private ScheduledExecutorService timer;

    SyntheticMarket(GatewayInputs inputs) {
        this.inputs = inputs;
    }

    synchronized void start(List<String> symbols, int updatesPerSecond) {
        stop();
        List<Walk> walks = new ArrayList<>();
        for (String symbol : symbols) {
            walks.add(new Walk(symbol));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "synthetic-market");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, 1000 / Math.max(1, updatesPerSecond));
        timer.scheduleAtFixedRate(() -> walks.forEach(this::tick), 0, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void tick(Walk walk) {
        try {
            Instant now = Instant.now();
            Instant second = now.truncatedTo(ChronoUnit.SECONDS);
            if (walk.candleStart != null && !second.equals(walk.candleStart)) {
                inputs.candle(walk.symbol, 1, walk.candleStart, text(walk.open), text(walk.high), text(walk.low), text(walk.close),
                        Long.toString(walk.volume));
                walk.candleStart = null;
            }
            walk.step();
            inputs.price(walk.symbol, text(walk.price));
            if (walk.candleStart == null) {
                walk.candleStart = second;
                walk.open = walk.high = walk.low = walk.price;
                walk.volume = 0;
            }
            walk.high = Math.max(walk.high, walk.price);
            walk.low = Math.min(walk.low, walk.price);
            walk.close = walk.price;
            walk.volume += 10;
            book(walk);
        } catch (RuntimeException e) {
            System.err.println("synthetic market: " + walk.symbol + ": " + e);
        }
    }

    private void book(Walk walk) {
        walk.bookSeq++;
        if (walk.bookSeq % BOOK_SNAPSHOT_EVERY == 1) {
            walk.bookMid = walk.price;
            List<String> levels = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                levels.add("B " + text(walk.bookMid - 0.01 * (i + 1)) + "x" + (100 + walk.random.nextInt(900)));
                levels.add("A " + text(walk.bookMid + 0.01 * (i + 1)) + "x" + (100 + walk.random.nextInt(900)));
            }
            inputs.book(walk.symbol, walk.bookSeq, true, levels.toArray(String[]::new));
        } else {
            int level = walk.random.nextInt(10) + 1;
            String side = walk.random.nextBoolean() ? "B " : "A ";
            // sizes change on the levels of the last snapshot, so the book stays uncrossed between snapshots
            double price = side.startsWith("B") ? walk.bookMid - 0.01 * level : walk.bookMid + 0.01 * level;
            inputs.book(walk.symbol, walk.bookSeq, false, side + text(price) + "x" + (100 + walk.random.nextInt(900)));
        }
    }

    private static String text(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** One symbol's state. */
    private static final class Walk {
        final String symbol;
        final Random random;
        double price;
        Instant candleStart;
        double open;
        double high;
        double low;
        double close;
        long volume;
        long bookSeq;
        double bookMid;

        Walk(String symbol) {
            this.symbol = symbol;
            this.random = new Random(symbol.hashCode());
            this.price = 50 + Math.abs(symbol.hashCode() % 400);
        }

        void step() {
            price = Math.max(1, price + (random.nextDouble() - 0.5) * price * 0.004);
        }
    }
}

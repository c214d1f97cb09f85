package dev.marketstream.ingest.domain;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.ReferenceData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A make-believe exchange: N symbols whose prices follow a geometric random walk, with trade sizes
 * and a book of a few levels around the last price. Everything but the timestamps follows from the
 * seed, so two markets with the same seed produce the same ticks in the same order. Not thread-safe.
 */
public final class SyntheticMarket {

    private static final String[] SECTORS = {"Technology", "Financials", "Health Care", "Energy", "Industrials",
        "Consumer Discretionary", "Consumer Staples", "Utilities", "Materials", "Real Estate", "Communication Services"};
    /** Per-tick volatility of the log price: about 0.1 %. */
    private static final double SIGMA = 0.001;

    private final Random random;
    private final List<Instrument> instruments;
    private final int bookLevels;
    private int next;

    /** One listed symbol and its walking price (in cents, to keep the book on the tick grid). */
    private static final class Instrument {
        final ReferenceData reference;
        long cents;

        Instrument(ReferenceData reference) {
            this.reference = reference;
            this.cents = reference.previousClose().movePointRight(2).longValueExact();
        }
    }

    public SyntheticMarket(int symbols, long seed, String symbolPrefix, int bookLevels) {
        if (symbols < 1 || symbols > 100_000) {
            throw new IllegalArgumentException("a market has between 1 and 100000 symbols, not " + symbols);
        }
        if (bookLevels < 0 || bookLevels > PriceLevel.MAX_LEVELS) {
            throw new IllegalArgumentException("book levels must be between 0 and " + PriceLevel.MAX_LEVELS);
        }
        this.random = new Random(seed);
        this.bookLevels = bookLevels;
        this.instruments = new ArrayList<>(symbols);
        for (String symbol : symbolNames(symbols, symbolPrefix)) {
            long cents = 500 + random.nextInt(50_000);  // 5.00 .. 505.00
            BigDecimal close = BigDecimal.valueOf(cents, 2);
            BigDecimal shares = BigDecimal.valueOf(10_000_000L + random.nextInt(2_000_000_000));
            instruments.add(new Instrument(new ReferenceData(symbol, SECTORS[random.nextInt(SECTORS.length)],
                    shares.multiply(close).setScale(0, RoundingMode.HALF_EVEN), close)));
        }
    }

    public List<ReferenceData> referenceData() {
        return instruments.stream().map(i -> i.reference).toList();
    }

    /** The next tick: symbols take turns, the chosen one's price takes one random step. */
    public MarketTick nextTick(Instant now) {
        Instrument instrument = instruments.get(next);
        next = (next + 1) % instruments.size();
        double step = Math.exp(SIGMA * random.nextGaussian());
        instrument.cents = Math.max(bookLevels + 2L, Math.round(instrument.cents * step));
        BigDecimal volume = BigDecimal.valueOf(1 + random.nextInt(20) * (random.nextInt(10) == 0 ? 100L : 10L));
        return new MarketTick(instrument.reference.symbol(), BigDecimal.valueOf(instrument.cents, 2), volume, now,
                "SYNX", book(instrument.cents, -1), book(instrument.cents, 1));
    }

    /** Levels one cent apart starting one cent away from the last price: bids below, asks above. */
    private List<PriceLevel> book(long cents, int direction) {
        List<PriceLevel> levels = new ArrayList<>(bookLevels);
        for (int level = 1; level <= bookLevels; level++) {
            BigDecimal price = BigDecimal.valueOf(cents + (long) direction * level, 2);
            levels.add(new PriceLevel(price, BigDecimal.valueOf(100L * (1 + random.nextInt(50)))));
        }
        return levels;
    }

    /** Distinct 3-4 letter names drawn from the seed, so a feed's symbols are the same on every start. */
    private Set<String> symbolNames(int count, String prefix) {
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < count) {
            int length = 3 + random.nextInt(2);
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < length; i++) {
                name.append((char) ('A' + random.nextInt(26)));
            }
            names.add(name.toString());
        }
        return names;
    }
}

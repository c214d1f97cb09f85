package dev.marketstream.marketingest.domain;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A make-believe exchange listing real S&P 500 names ({@link SymbolUniverse}). The symbols take turns; each event
 * of a symbol is a trade (its price takes one random-walk step on the cent grid) or a change of its book
 * ({@link SyntheticBook}: 1-3 levels of one side), in the ratio {@code tradeRatio}. Every book update carries the
 * symbol's next book sequence number; the first event of each symbol is the SNAPSHOT of its book, and every
 * {@code snapshotEvery} updates another SNAPSHOT replaces a DELTA.
 *
 * <p>Events are written straight into binary records with one reused {@link MarketWriter}: no decimal objects, no
 * text built per event (each symbol's name is encoded once). Everything but the event ids and times follows from
 * the seed, so two markets with the same seed and settings produce the same events in the same order. Not
 * thread-safe.
 */
public final class SyntheticMarket {

    /**
     * What to simulate.
     *
     * @param symbols names listed, 1 to 100,000
     * @param seed of every random draw
     * @param symbolPrefix put before every name (tests keep their symbols apart with it)
     * @param bookLevels levels per side of each book, 2 to {@link OrderBook#MAX_LEVELS}
     * @param snapshotEvery book updates per SNAPSHOT, at least 1
     * @param tradeRatio share of events that are trades, 0 to 1
     */
    public record Settings(int symbols, long seed, String symbolPrefix, int bookLevels, int snapshotEvery,
            double tradeRatio) {

        public Settings {
            if (symbols < 1 || symbols > 100_000) {
                throw new IllegalArgumentException("a market lists between 1 and 100000 symbols, not " + symbols);
            }
            if (bookLevels < 2 || bookLevels > OrderBook.MAX_LEVELS) {
                throw new IllegalArgumentException("book levels must be between 2 and " + OrderBook.MAX_LEVELS
                        + ", not " + bookLevels);
            }
            if (snapshotEvery < 1) {
                throw new IllegalArgumentException("snapshot-every must be at least 1, not " + snapshotEvery);
            }
            if (!(tradeRatio >= 0 && tradeRatio <= 1)) {
                throw new IllegalArgumentException("trade-ratio must be between 0 and 1, not " + tradeRatio);
            }
        }
    }

    /** Reference data of a listed symbol; prices in fixed point ({@link Decimals}). */
    public record Listing(String symbol, String sector, long previousClose, long marketCap) {
    }

    public static final String VENUE = "SYNX";
    /** Standard deviation of a trade's price step, relative to the price (about 2 % a day at 10,000 trades). */
    private static final double SIGMA = 0.0002;
    private static final long MIN_CENTS = 100;
    private static final byte[] VENUE_BYTES = VENUE.getBytes(StandardCharsets.US_ASCII);

    private final Settings settings;
    private final SplittableRandom random;
    private final Instrument[] instruments;
    private final Map<String, Instrument> bySymbol = new HashMap<>();
    private final MarketWriter writer = new MarketWriter();
    private final byte[] source;
    private int next;

    /** One listed symbol: its name once encoded, its walking price in cents and its book. */
    private static final class Instrument {
        final Listing listing;
        final byte[] name;
        final byte[] sector;
        final SyntheticBook book;
        long cents;

        Instrument(Listing listing, long cents, SyntheticBook book) {
            this.listing = listing;
            this.name = listing.symbol().getBytes(StandardCharsets.US_ASCII);
            this.sector = listing.sector().getBytes(StandardCharsets.UTF_8);
            this.cents = cents;
            this.book = book;
        }
    }

    public SyntheticMarket(Settings settings, String source) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.source = source.getBytes(StandardCharsets.UTF_8);
        List<SymbolUniverse.Name> names = SymbolUniverse.first(settings.symbols(), settings.symbolPrefix());
        this.instruments = new Instrument[names.size()];
        for (int i = 0; i < instruments.length; i++) {
            long cents = 500 + random.nextInt(50_000); // 5.00 .. 505.00
            // 10 million to 16 billion shares: market caps from about $50 million to $8 trillion.
            long shares = 10_000_000L + random.nextLong(16_000_000_000L);
            Listing listing = new Listing(names.get(i).symbol(), names.get(i).sector(), cents * SyntheticBook.CENT,
                    shares * cents / 100);
            long gap = Math.max(1, cents / 5_000); // 1 cent below 50.00, 10 cents at 500.00
            instruments[i] = new Instrument(listing, cents, new SyntheticBook(settings.bookLevels(), cents, gap, random));
            bySymbol.put(listing.symbol(), instruments[i]);
        }
    }

    public Settings settings() {
        return settings;
    }

    public List<Listing> listings() {
        List<Listing> listings = new ArrayList<>(instruments.length);
        for (Instrument instrument : instruments) {
            listings.add(instrument.listing);
        }
        return listings;
    }

    /** The reference data of every symbol, one {@code ReferenceData} record each. */
    public void referenceData(long nowNanos, MarketBatch into) {
        for (Instrument instrument : instruments) {
            Listing listing = instrument.listing;
            writer.referenceData().previousClose(listing.previousClose()).marketCap(listing.marketCap())
                    .putSymbol(instrument.name, 0, instrument.name.length)
                    .putSector(instrument.sector, 0, instrument.sector.length)
                    .putSource(source, 0, source.length);
            envelope(nowNanos, into.trace());
            into.add(listing.symbol(), writer.toBytes());
        }
    }

    /** Generates the next event, a {@code Trade} or {@code BookUpdate} record stamped {@code nowNanos}, into the batch. */
    public void next(long nowNanos, MarketBatch into) {
        Instrument instrument = instruments[next];
        next = next + 1 == instruments.length ? 0 : next + 1;
        if (!instrument.book.started() || random.nextDouble() >= settings.tradeRatio()) {
            bookUpdate(instrument, nowNanos);
        } else {
            trade(instrument, nowNanos);
        }
        envelope(nowNanos, into.trace());
        into.add(instrument.listing.symbol(), writer.toBytes());
    }

    /** The generator's own book of a symbol, as its updates so far describe it (read only). */
    public OrderBook book(String symbol) {
        return instrument(symbol).book.book();
    }

    /** The last trade price of a symbol (its previous close before the first trade), in fixed point. */
    public long lastPrice(String symbol) {
        return instrument(symbol).cents * SyntheticBook.CENT;
    }

    private Instrument instrument(String symbol) {
        Instrument instrument = bySymbol.get(symbol);
        if (instrument == null) {
            throw new IllegalArgumentException(symbol + " is not listed on this market");
        }
        return instrument;
    }

    private void trade(Instrument instrument, long nowNanos) {
        double step = random.nextGaussian() * Math.max(1.0, instrument.cents * SIGMA);
        instrument.cents = Math.max(MIN_CENTS, instrument.cents + Math.round(step));
        long shares = 1 + random.nextInt(20) * (random.nextInt(10) == 0 ? 100L : 10L);
        writer.trade().price(instrument.cents * SyntheticBook.CENT).size(Decimals.ofUnits(shares)).exchangeTime(nowNanos)
                .putSymbol(instrument.name, 0, instrument.name.length)
                .putVenue(VENUE_BYTES, 0, VENUE_BYTES.length)
                .putSource(source, 0, source.length);
    }

    private void bookUpdate(Instrument instrument, long nowNanos) {
        SyntheticBook book = instrument.book;
        long seq = book.nextSeq();
        boolean snapshot = (seq - 1) % settings.snapshotEvery() == 0;
        BookUpdateEncoder update = writer.bookUpdate().bookSeq(seq).exchangeTime(nowNanos)
                .kind(snapshot ? BookKind.SNAPSHOT : BookKind.DELTA);
        if (snapshot) {
            book.writeSnapshot(update);
        } else {
            book.change(instrument.cents, random);
            book.writeChanges(update);
        }
        update.putSymbol(instrument.name, 0, instrument.name.length).putSource(source, 0, source.length);
    }

    private void envelope(long nowNanos, TraceIds trace) {
        UUID id = EventIds.next();
        Envelopes.write(writer.lastEnvelope(), id.getMostSignificantBits(), id.getLeastSignificantBits(), nowNanos, trace);
    }
}

package dev.marketstream.bench.codec;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventType;
import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The records every encoding writes and reads, with the same values: a trade of AAPL, the price update derived
 * from it, a 10-levels-per-side book snapshot and a 2-level book delta. The binary encodings take the values as
 * fixed-point longs (what the platform's binary path holds); JSON takes the event-model records built from the
 * same values as decimals.
 */
final class Samples {

    static final String SYMBOL = "AAPL";
    static final String VENUE = "XNAS";
    static final String SOURCE = "synthetic-feed";
    static final String SECTOR = "Information Technology";

    /** A version-7-shaped event id, as {@code EventIds.next()} makes them, fixed so every run writes the same bytes. */
    static final UUID EVENT_ID = new UUID(0x019C_A1B2_C3D4_7001L, 0x8000_2A3B_0000_1F40L);
    static final long EVENT_ID_MSB = EVENT_ID.getMostSignificantBits();
    static final long EVENT_ID_LSB = EVENT_ID.getLeastSignificantBits();
    /** Untraced, as the brief's writer example; a traced event adds nothing to SBE (fixed block), 27 bytes to Protobuf. */
    static final TraceIds TRACE = TraceIds.NONE;

    static final Instant EXCHANGE_TIME = Instant.parse("2026-03-02T14:30:00.123456789Z");
    static final Instant CREATED = Instant.parse("2026-03-02T14:30:00.123498211Z");
    static final long EXCHANGE_TIME_NS = Envelopes.nanos(EXCHANGE_TIME);
    static final long CREATED_NS = Envelopes.nanos(CREATED);

    // The trade.
    static final BigDecimal PRICE_DEC = new BigDecimal("189.52");
    static final BigDecimal SIZE_DEC = new BigDecimal("300");
    static final long PRICE = Decimals.of(PRICE_DEC, "price");
    static final long SIZE = Decimals.of(SIZE_DEC, "size");

    // The price update derived from it.
    static final BigDecimal PREVIOUS_CLOSE_DEC = new BigDecimal("187.30");
    static final BigDecimal CHANGE_DEC = PRICE_DEC.subtract(PREVIOUS_CLOSE_DEC);          // 2.22
    static final BigDecimal CHANGE_PERCENT_DEC = new BigDecimal("1.1853");               // 2.22 / 187.30 in %
    /** A large cap, as the schemas carry it: whole currency units (a Fixed8 would stop at about 92 billion). */
    static final BigDecimal MARKET_CAP_DEC = new BigDecimal("2950000000000");
    static final long PREVIOUS_CLOSE = Decimals.of(PREVIOUS_CLOSE_DEC, "previous_close");
    static final long CHANGE = Decimals.of(CHANGE_DEC, "change");
    static final long CHANGE_PERCENT = Decimals.of(CHANGE_PERCENT_DEC, "change_percent");
    static final long MARKET_CAP = MARKET_CAP_DEC.longValueExact();

    // The books: bids best (highest) first, asks best (lowest) first, one cent apart; sizes vary.
    static final long BOOK_SEQ = 1_234_567L;
    static final int SNAPSHOT_LEVELS_PER_SIDE = 10;
    static final Levels SNAPSHOT = snapshot();
    /** Two changed levels: the best bid's size changed, the best ask removed (size 0). */
    static final Levels DELTA = new Levels(
            new boolean[] {false, true},
            new long[] {Decimals.of(new BigDecimal("189.51"), "p"), Decimals.of(new BigDecimal("189.53"), "p")},
            new long[] {Decimals.ofUnits(450), 0});

    /** Levels in the binary form: side (true: ask), price and size as fixed point; bids first, then asks. */
    record Levels(boolean[] ask, long[] price, long[] size) {
        int count() {
            return price.length;
        }

        List<PriceLevel> side(boolean asks) {
            List<PriceLevel> out = new ArrayList<>();
            for (int i = 0; i < count(); i++) {
                if (ask[i] == asks) {
                    out.add(new PriceLevel(Decimals.toBigDecimal(price[i]).setScale(2), Decimals.toBigDecimal(size[i]).setScale(0)));
                }
            }
            return List.copyOf(out);
        }
    }

    private static Levels snapshot() {
        int n = 2 * SNAPSHOT_LEVELS_PER_SIDE;
        boolean[] ask = new boolean[n];
        long[] price = new long[n];
        long[] size = new long[n];
        long cent = Decimals.ONE / 100;
        for (int i = 0; i < SNAPSHOT_LEVELS_PER_SIDE; i++) {
            price[i] = PRICE - (i + 1) * cent;                           // 189.51, 189.50, ...
            size[i] = Decimals.ofUnits(100L * (i % 4 + 1) + 50L * i);    // 100, 250, 400, 550, 300, ...
            int a = SNAPSHOT_LEVELS_PER_SIDE + i;
            ask[a] = true;
            price[a] = PRICE + (i + 1) * cent;                           // 189.53, 189.54, ...
            size[a] = Decimals.ofUnits(100L * ((i + 2) % 4 + 1) + 50L * i);
        }
        return new Levels(ask, price, size);
    }

    // The JSON events of today (services/event-model records, EventCodec).

    static EventEnvelope<MarketTick> jsonTrade() {
        return envelope(EventType.MARKET_TICK, new MarketTick(SYMBOL, PRICE_DEC, SIZE_DEC, EXCHANGE_TIME, VENUE, List.of(), List.of()));
    }

    /** The trade with its 10-level book, as a provider's tick carries the book to market-data-raw today. */
    static EventEnvelope<MarketTick> jsonTradeWithBook() {
        return envelope(EventType.MARKET_TICK, new MarketTick(SYMBOL, PRICE_DEC, SIZE_DEC, EXCHANGE_TIME, VENUE,
                SNAPSHOT.side(false), SNAPSHOT.side(true)));
    }

    static EventEnvelope<PriceUpdate> jsonPrice() {
        return envelope(EventType.PRICE_UPDATE, new PriceUpdate(SYMBOL, PRICE_DEC, SIZE_DEC, EXCHANGE_TIME, CHANGE_DEC,
                CHANGE_PERCENT_DEC, PREVIOUS_CLOSE_DEC, SECTOR, MARKET_CAP_DEC));
    }

    /** JSON has no snapshot/delta kind nor book sequence: an OrderBookUpdate of the same levels stands in for both. */
    static EventEnvelope<OrderBookUpdate> jsonBook(Levels levels) {
        return envelope(EventType.ORDER_BOOK_UPDATE, new OrderBookUpdate(SYMBOL, levels.side(false), levels.side(true), EXCHANGE_TIME));
    }

    private static <T extends dev.marketstream.events.EventPayload> EventEnvelope<T> envelope(EventType type, T data) {
        return new EventEnvelope<>(EVENT_ID, type, CREATED, SOURCE, EventEnvelope.CURRENT_SCHEMA_VERSION, data);
    }

    private Samples() {
    }
}

package dev.marketstream.events.binary;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.Side;
import java.util.List;
import java.util.UUID;

/**
 * A provider's tick (the JSON {@link MarketTick} of the ingest API and of replay files) as binary records: a
 * {@code Trade}, and when the tick carries book levels a {@code BookUpdate} SNAPSHOT of them. Values with more than
 * 8 decimals are refused naming the field ({@code price}, {@code bids[2].size}, ...).
 */
public final class ProviderTicks {

    private ProviderTicks() {
    }

    public static byte[] trade(MarketWriter writer, MarketTick tick, UUID eventId, long nowNanos, TraceIds trace, String source) {
        long price = Decimals.of(tick.price(), "price");
        long size = Decimals.of(tick.volume(), "volume");
        writer.trade().price(price).size(size).exchangeTime(Envelopes.nanos(tick.timestamp()))
                .symbol(tick.symbol()).venue(tick.exchange() == null ? "" : tick.exchange()).source(source);
        writer.envelope(eventId, nowNanos, trace);
        return writer.toBytes();
    }

    /** The tick's book as a snapshot with the given sequence number; only for a tick that {@link MarketTick#hasBook()}. */
    public static byte[] bookSnapshot(MarketWriter writer, MarketTick tick, long bookSeq, UUID eventId, long nowNanos,
            TraceIds trace, String source) {
        List<PriceLevel> bids = tick.bids();
        List<PriceLevel> asks = tick.asks();
        long[] bidPrices = fixed(bids, true, "bids");
        long[] bidSizes = fixed(bids, false, "bids");
        long[] askPrices = fixed(asks, true, "asks");
        long[] askSizes = fixed(asks, false, "asks");
        BookUpdateEncoder book = writer.bookUpdate().bookSeq(bookSeq).exchangeTime(Envelopes.nanos(tick.timestamp()))
                .kind(BookKind.SNAPSHOT);
        BookUpdateEncoder.LevelsEncoder levels = book.levelsCount(bids.size() + asks.size());
        for (int i = 0; i < bidPrices.length; i++) {
            levels.next().side(Side.BID).price(bidPrices[i]).size(bidSizes[i]);
        }
        for (int i = 0; i < askPrices.length; i++) {
            levels.next().side(Side.ASK).price(askPrices[i]).size(askSizes[i]);
        }
        book.symbol(tick.symbol()).source(source);
        writer.envelope(eventId, nowNanos, trace);
        return writer.toBytes();
    }

    private static long[] fixed(List<PriceLevel> levels, boolean prices, String side) {
        long[] values = new long[levels.size()];
        for (int i = 0; i < values.length; i++) {
            PriceLevel level = levels.get(i);
            values[i] = prices ? Decimals.of(level.price(), side + "[" + i + "].price") : Decimals.of(level.size(), side + "[" + i + "].size");
        }
        return values;
    }
}

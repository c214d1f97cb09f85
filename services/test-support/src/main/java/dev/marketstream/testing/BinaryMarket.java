package dev.marketstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Binary market records for tests, in one line each: trades, book updates and reference data as a feed would write
 * them, and any record back as the JSON view people read ({@link #json}). Decimals are given as text ("189.42").
 * Book levels are "B price x size" or "A price x size", e.g. {@code "B 189.40x300"}; size 0 removes a level.
 */
public final class BinaryMarket {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<MarketWriter> WRITER = ThreadLocal.withInitial(MarketWriter::new);

    private BinaryMarket() {
    }

    public static byte[] trade(String symbol, String price, String size, Instant at) {
        return trade(EventIds.next(), TraceIds.NONE, symbol, price, size, at);
    }

    public static byte[] trade(UUID id, TraceIds trace, String symbol, String price, String size, Instant at) {
        MarketWriter writer = WRITER.get();
        writer.trade().price(fixed(price)).size(fixed(size)).exchangeTime(Envelopes.nanos(at)).symbol(symbol).venue("XTST").source("test");
        writer.envelope(id, Envelopes.now(), trace);
        return writer.toBytes();
    }

    /** A PriceUpdate as the stream-processor writes it to market-prices (market time and creation time now). */
    public static byte[] priceUpdate(String symbol, String price) {
        MarketWriter writer = WRITER.get();
        long now = Envelopes.now();
        writer.priceUpdate().price(Decimals.of(new BigDecimal(price), "price")).size(Decimals.ofUnits(10)).exchangeTime(now)
                .change(Decimals.of(new BigDecimal("0.5"), "change")).changePercent(Decimals.of(new BigDecimal("0.25"), "change_percent"))
                .previousClose(Decimals.ABSENT).marketCap(Decimals.ABSENT).symbol(symbol).sector("").source("stream-processor");
        writer.envelope(EventIds.next(), now, TraceIds.NONE);
        return writer.toBytes();
    }

    public static byte[] bookSnapshot(String symbol, long seq, Instant at, String... levels) {
        return book(EventIds.next(), symbol, seq, BookKind.SNAPSHOT, at, levels);
    }

    public static byte[] bookDelta(String symbol, long seq, Instant at, String... levels) {
        return book(EventIds.next(), symbol, seq, BookKind.DELTA, at, levels);
    }

    public static byte[] book(UUID id, String symbol, long seq, BookKind kind, Instant at, String... levels) {
        MarketWriter writer = WRITER.get();
        BookUpdateEncoder book = writer.bookUpdate().bookSeq(seq).exchangeTime(Envelopes.nanos(at)).kind(kind);
        BookUpdateEncoder.LevelsEncoder group = book.levelsCount(levels.length);
        for (String level : levels) {
            String[] parts = level.substring(2).split("x");
            group.next().side(level.charAt(0) == 'B' ? Side.BID : Side.ASK).price(fixed(parts[0])).size(fixed(parts[1]));
        }
        book.symbol(symbol).source("test");
        writer.envelope(id, Envelopes.now(), TraceIds.NONE);
        return writer.toBytes();
    }

    /** A price update as the stream-processor writes it to market-prices: the latest price with a made-up change. */
    public static byte[] price(String symbol, String price, String size, Instant at) {
        MarketWriter writer = WRITER.get();
        writer.priceUpdate().price(fixed(price)).size(fixed(size)).exchangeTime(Envelopes.nanos(at))
                .change(fixed("0.5")).changePercent(fixed("0.25")).previousClose(Decimals.ABSENT).marketCap(Decimals.ABSENT)
                .symbol(symbol).sector("").source("test");
        writer.envelope(EventIds.next(), Envelopes.now(), TraceIds.NONE);
        return writer.toBytes();
    }

    /** A closed OHLCV bar as the stream-processor writes it to market-data-aggregated. */
    public static byte[] candle(String symbol, int intervalSeconds, Instant windowStart, String open, String high, String low,
            String close, String volume) {
        MarketWriter writer = WRITER.get();
        long start = Envelopes.nanos(windowStart);
        long end = start + intervalSeconds * 1_000_000_000L;
        writer.ohlcvBar().intervalSeconds(intervalSeconds).windowStart(start).windowEnd(end).open(fixed(open)).high(fixed(high))
                .low(fixed(low)).close(fixed(close)).volume(fixed(volume)).vwap(fixed(close)).tradeCount(1)
                .symbol(symbol).source("test");
        writer.envelope(EventIds.next(), end, TraceIds.NONE);
        return writer.toBytes();
    }

    /** Reference data; the market cap is a whole amount ("2950000000000"), or null. */
    public static byte[] reference(String symbol, String sector, String marketCap, String previousClose) {
        MarketWriter writer = WRITER.get();
        writer.referenceData().previousClose(fixed(previousClose)).marketCap(marketCap == null ? Decimals.ABSENT : Long.parseLong(marketCap))
                .symbol(symbol).sector(sector).source("test");
        writer.envelope(EventIds.next(), Envelopes.now(), TraceIds.NONE);
        return writer.toBytes();
    }

    /** Any binary market record as its JSON view: {@code eventId, eventType, timestamp, source, schemaVersion, data}. */
    public static JsonNode json(byte[] record) {
        MarketRecord reader = new MarketRecord();
        reader.wrap(record);
        try {
            return JSON.readTree(new MarketJson().event(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long fixed(String decimal) {
        return Decimals.of(new BigDecimal(decimal), "value");
    }
}

package dev.marketstream.events.binary;

import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookStateDecoder;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.EnvelopeDecoder;
import dev.marketstream.events.sbe.OhlcvBarDecoder;
import dev.marketstream.events.sbe.PriceUpdateDecoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.events.sbe.Side;
import dev.marketstream.events.sbe.SymbolStateDecoder;
import dev.marketstream.events.sbe.TradeDecoder;
import dev.marketstream.events.sbe.VolumeUpdateDecoder;
import java.util.UUID;

/**
 * The JSON view of binary market records: the {@code data} object clients receive in {@code market_*} frames
 * (docs/protocol.md), and the whole envelope for people reading a topic ({@code scripts/peek}). Field names and
 * number formats are the JSON events' (snake case, decimals as plain numbers, times as ISO-8601 instants).
 * Reads the wrapped record from its start; one instance per thread.
 */
public final class MarketJson {

    /** {@code data} of the wrapped record, appended to {@code out}; the record's var-length fields are consumed. */
    public StringBuilder appendData(MarketRecord record, StringBuilder out) {
        try {
            switch (record.type()) {
                case TRADE -> trade(record.trade().sbeRewind(), out);
                case BOOK_UPDATE -> bookUpdate(record.bookUpdate().sbeRewind(), out);
                case PRICE_UPDATE -> priceUpdate(record.priceUpdate().sbeRewind(), out);
                case VOLUME_UPDATE -> volumeUpdate(record.volumeUpdate().sbeRewind(), out);
                case OHLCV_BAR -> ohlcvBar(record.ohlcvBar().sbeRewind(), out);
                case REFERENCE_DATA -> referenceData(record.referenceData().sbeRewind(), out);
                case SYMBOL_STATE -> symbolState(record.symbolState().sbeRewind(), out);
                case BOOK_STATE -> bookState(record.bookState().sbeRewind(), out);
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw MarketRecord.malformed(record.type().wireName() + " record ends inside its fields: " + e.getMessage());
        }
    }

    public String data(MarketRecord record) {
        return appendData(record, new StringBuilder(160)).toString();
    }

    /**
     * The whole event as JSON: {@code eventId, eventType, timestamp, traceId and spanId (when traced), source,
     * schemaVersion, data}; state records (no envelope) give {@code {"eventType": "state.*", "schemaVersion", "data"}}.
     */
    public String event(MarketRecord record) {
        String data = data(record);
        StringBuilder out = new StringBuilder(data.length() + 200).append('{');
        MarketType type = record.type();
        if (type != MarketType.SYMBOL_STATE && type != MarketType.BOOK_STATE) {
            EnvelopeDecoder envelope = record.envelope();
            out.append("\"eventId\":\"").append(new UUID(envelope.eventIdMsb(), envelope.eventIdLsb())).append("\",");
            out.append("\"eventType\":\"").append(type.wireName()).append("\",");
            time(out, "timestamp", envelope.timestamp()).append(',');
            TraceIds trace = Envelopes.trace(envelope);
            if (trace.traced()) {
                out.append("\"traceId\":\"").append(trace.toContext().traceId()).append("\",\"spanId\":\"")
                        .append(trace.toContext().spanId()).append("\",");
            }
            string(out, "source", source).append(',');
        } else {
            out.append("\"eventType\":\"").append(type.wireName()).append("\",");
        }
        return out.append("\"schemaVersion\":").append(record.version()).append(",\"data\":").append(data).append('}').toString();
    }

    /** The {@code source} of the record rendered last (var-length fields are read in order, the source last). */
    private String source;

    private void trade(TradeDecoder trade, StringBuilder out) {
        long exchangeTime = trade.exchangeTime();
        long price = trade.price();
        long size = trade.size();
        out.append('{');
        string(out, "symbol", trade.symbol()).append(',');
        number(out, "price", price).append(',');
        number(out, "volume", size).append(',');
        time(out, "timestamp", exchangeTime);
        String venue = trade.venue();
        if (!venue.isEmpty()) {
            out.append(',');
            string(out, "exchange", venue);
        }
        source = trade.source();
        out.append('}');
    }

    private void bookUpdate(BookUpdateDecoder book, StringBuilder out) {
        long seq = book.bookSeq();
        long exchangeTime = book.exchangeTime();
        BookKind kind = book.kind();
        StringBuilder bids = new StringBuilder(64).append('[');
        StringBuilder asks = new StringBuilder(64).append('[');
        for (BookUpdateDecoder.LevelsDecoder level : book.levels()) {
            level(level.side() == Side.BID ? bids : asks, level.price(), level.size());
        }
        out.append('{');
        string(out, "symbol", book.symbol()).append(',');
        out.append("\"book_seq\":").append(seq).append(',');
        out.append("\"type\":\"").append(kind == BookKind.SNAPSHOT ? "snapshot" : "update").append("\",");
        out.append("\"bids\":").append(bids).append("],\"asks\":").append(asks).append("],");
        time(out, "timestamp", exchangeTime);
        source = book.source();
        out.append('}');
    }

    private void priceUpdate(PriceUpdateDecoder price, StringBuilder out) {
        long value = price.price();
        long size = price.size();
        long exchangeTime = price.exchangeTime();
        long change = price.change();
        long changePercent = price.changePercent();
        long previousClose = price.previousClose();
        long marketCap = price.marketCap();
        out.append('{');
        string(out, "symbol", price.symbol()).append(',');
        number(out, "price", value).append(',');
        number(out, "volume", size).append(',');
        time(out, "timestamp", exchangeTime).append(',');
        number(out, "change", change).append(',');
        number(out, "change_percent", changePercent);
        if (previousClose != Decimals.ABSENT) {
            out.append(',');
            number(out, "previous_close", previousClose);
        }
        String sector = price.sector();
        if (!sector.isEmpty()) {
            out.append(',');
            string(out, "sector", sector);
        }
        if (marketCap != Decimals.ABSENT) {
            out.append(',');
            out.append("\"market_cap\":").append(marketCap);
        }
        source = price.source();
        out.append('}');
    }

    private void volumeUpdate(VolumeUpdateDecoder volume, StringBuilder out) {
        long size = volume.size();
        long cumulative = volume.cumulativeVolume();
        long exchangeTime = volume.exchangeTime();
        out.append('{');
        string(out, "symbol", volume.symbol()).append(',');
        number(out, "volume", size).append(',');
        number(out, "cumulative_volume", cumulative).append(',');
        time(out, "timestamp", exchangeTime);
        source = volume.source();
        out.append('}');
    }

    private void ohlcvBar(OhlcvBarDecoder bar, StringBuilder out) {
        out.append('{');
        int interval = bar.intervalSeconds();
        long start = bar.windowStart();
        long end = bar.windowEnd();
        long open = bar.open();
        long high = bar.high();
        long low = bar.low();
        long close = bar.close();
        long volume = bar.volume();
        long vwap = bar.vwap();
        long trades = bar.tradeCount();
        string(out, "symbol", bar.symbol()).append(',');
        string(out, "interval", Intervals.name(interval)).append(',');
        time(out, "window_start", start).append(',');
        time(out, "window_end", end).append(',');
        number(out, "open", open).append(',');
        number(out, "high", high).append(',');
        number(out, "low", low).append(',');
        number(out, "close", close).append(',');
        number(out, "volume", volume).append(',');
        number(out, "vwap", vwap).append(',');
        out.append("\"trade_count\":").append(trades);
        source = bar.source();
        out.append('}');
    }

    private void referenceData(ReferenceDataDecoder reference, StringBuilder out) {
        long previousClose = reference.previousClose();
        long marketCap = reference.marketCap();
        out.append('{');
        string(out, "symbol", reference.symbol()).append(',');
        string(out, "sector", reference.sector()).append(',');
        if (marketCap != Decimals.ABSENT) {
            out.append("\"market_cap\":").append(marketCap).append(',');
        }
        number(out, "previous_close", previousClose);
        source = reference.source();
        out.append('}');
    }

    private void symbolState(SymbolStateDecoder state, StringBuilder out) {
        out.append('{');
        number(out, "cumulative_volume", state.cumulativeVolume()).append(",\"windows\":[");
        boolean first = true;
        for (SymbolStateDecoder.WindowsDecoder window : state.windows()) {
            out.append(first ? "" : ",").append('{');
            first = false;
            string(out, "interval", Intervals.name(window.intervalSeconds())).append(',');
            time(out, "window_start", window.windowStart()).append(',');
            number(out, "open", window.open()).append(',');
            number(out, "high", window.high()).append(',');
            number(out, "low", window.low()).append(',');
            number(out, "close", window.close()).append(',');
            number(out, "volume", window.volume()).append(',');
            out.append("\"trade_count\":").append(window.tradeCount()).append('}');
        }
        source = null;
        out.append("]}");
    }

    private void bookState(BookStateDecoder state, StringBuilder out) {
        out.append("{\"input_seq\":").append(state.inputSeq()).append(",\"output_seq\":").append(state.outputSeq())
                .append(",\"synced\":").append(state.synced() == 1).append(',');
        StringBuilder bids = new StringBuilder(64).append('[');
        StringBuilder asks = new StringBuilder(64).append('[');
        for (BookStateDecoder.LevelsDecoder level : state.levels()) {
            level(level.side() == Side.BID ? bids : asks, level.price(), level.size());
        }
        out.append("\"bids\":").append(bids).append("],\"asks\":").append(asks).append("]}");
        source = null;
    }

    private static void level(StringBuilder side, long price, long size) {
        if (side.length() > 1) {
            side.append(',');
        }
        side.append('{');
        number(side, "price", price).append(',');
        number(side, "size", size).append('}');
    }

    private static StringBuilder number(StringBuilder out, String name, long fixed8) {
        return Decimals.appendTo(out.append('"').append(name).append("\":"), fixed8);
    }

    private static StringBuilder time(StringBuilder out, String name, long nanos) {
        return out.append('"').append(name).append("\":\"").append(Envelopes.instant(nanos)).append('"');
    }

    private static StringBuilder string(StringBuilder out, String name, String value) {
        return out.append('"').append(name).append("\":").append(quoted(value));
    }

    /** A JSON string literal; the platform's names are plain, but sectors and sources come from outside. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

package dev.marketstream.bench.codec;

import static dev.marketstream.bench.codec.Samples.*;

import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.EnvelopeDecoder;
import dev.marketstream.events.sbe.PriceUpdateDecoder;
import dev.marketstream.events.sbe.Side;
import dev.marketstream.events.sbe.TradeDecoder;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The candidate: the event model's SBE records through its helpers. Encoding writes into the writer's reused
 * scratch buffer and copies the record out to a new array of its length ({@link MarketWriter#toBytes()}, what a
 * Kafka producer needs); decoding checks the header ({@link MarketRecord#wrap}) and reads every field in place,
 * the var-length strings as new Strings, in schema order.
 */
final class SbeCodec {

    private SbeCodec() {
    }

    static byte[] encodeTrade(MarketWriter writer) {
        writer.trade().price(PRICE).size(SIZE).exchangeTime(EXCHANGE_TIME_NS).symbol(SYMBOL).venue(VENUE).source(SOURCE);
        Envelopes.write(writer.lastEnvelope(), EVENT_ID_MSB, EVENT_ID_LSB, CREATED_NS, TRACE);
        return writer.toBytes();
    }

    static byte[] encodePrice(MarketWriter writer) {
        writer.priceUpdate().price(PRICE).size(SIZE).exchangeTime(EXCHANGE_TIME_NS).change(CHANGE).changePercent(CHANGE_PERCENT)
                .previousClose(PREVIOUS_CLOSE).marketCap(MARKET_CAP).symbol(SYMBOL).sector(SECTOR).source(SOURCE);
        Envelopes.write(writer.lastEnvelope(), EVENT_ID_MSB, EVENT_ID_LSB, CREATED_NS, TRACE);
        return writer.toBytes();
    }

    static byte[] encodeBook(MarketWriter writer, Levels levels, BookKind kind) {
        BookUpdateEncoder book = writer.bookUpdate().bookSeq(BOOK_SEQ).exchangeTime(EXCHANGE_TIME_NS).kind(kind);
        Envelopes.write(book.envelope(), EVENT_ID_MSB, EVENT_ID_LSB, CREATED_NS, TRACE);
        boolean[] ask = levels.ask();
        long[] price = levels.price();
        long[] size = levels.size();
        BookUpdateEncoder.LevelsEncoder out = book.levelsCount(price.length);
        for (int i = 0; i < price.length; i++) {
            out.next().side(ask[i] ? Side.ASK : Side.BID).price(price[i]).size(size[i]);
        }
        book.symbol(SYMBOL).source(SOURCE);
        return writer.toBytes();
    }

    static void decodeTrade(MarketRecord reader, byte[] record, Blackhole bh) {
        reader.wrap(record);
        TradeDecoder trade = reader.trade();
        envelope(trade.envelope(), bh);
        bh.consume(trade.price());
        bh.consume(trade.size());
        bh.consume(trade.exchangeTime());
        bh.consume(trade.symbol());
        bh.consume(trade.venue());
        bh.consume(trade.source());
    }

    static void decodePrice(MarketRecord reader, byte[] record, Blackhole bh) {
        reader.wrap(record);
        PriceUpdateDecoder price = reader.priceUpdate();
        envelope(price.envelope(), bh);
        bh.consume(price.price());
        bh.consume(price.size());
        bh.consume(price.exchangeTime());
        bh.consume(price.change());
        bh.consume(price.changePercent());
        bh.consume(price.previousClose());
        bh.consume(price.marketCap());
        bh.consume(price.symbol());
        bh.consume(price.sector());
        bh.consume(price.source());
    }

    static void decodeBook(MarketRecord reader, byte[] record, Blackhole bh) {
        reader.wrap(record);
        BookUpdateDecoder book = reader.bookUpdate();
        envelope(book.envelope(), bh);
        bh.consume(book.bookSeq());
        bh.consume(book.exchangeTime());
        bh.consume(book.kind());
        for (BookUpdateDecoder.LevelsDecoder level = book.levels(); level.hasNext(); ) {
            level.next();
            bh.consume(level.side());
            bh.consume(level.price());
            bh.consume(level.size());
        }
        bh.consume(book.symbol());
        bh.consume(book.source());
    }

    private static void envelope(EnvelopeDecoder envelope, Blackhole bh) {
        bh.consume(envelope.eventIdMsb());
        bh.consume(envelope.eventIdLsb());
        bh.consume(envelope.timestamp());
        bh.consume(envelope.traceIdHigh());
        bh.consume(envelope.traceIdLow());
        bh.consume(envelope.spanId());
    }
}

package dev.marketstream.bench.codec;

import static dev.marketstream.bench.codec.Samples.*;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.marketstream.bench.codec.proto.BookKind;
import dev.marketstream.bench.codec.proto.BookUpdate;
import dev.marketstream.bench.codec.proto.Envelope;
import dev.marketstream.bench.codec.proto.Level;
import dev.marketstream.bench.codec.proto.PriceUpdate;
import dev.marketstream.bench.codec.proto.Side;
import dev.marketstream.bench.codec.proto.Trade;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The alternative: Protocol Buffers messages generated from src/main/proto with protobuf-java. Encoding builds the
 * message from the same fixed-point values (messages are immutable: a new one per record, as a producer would)
 * and serializes it with {@code toByteArray()}; decoding parses with {@code parseFrom(byte[])} and reads every
 * field through the getters.
 */
final class ProtoCodec {

    private ProtoCodec() {
    }

    private static Envelope envelope() {
        return Envelope.newBuilder().setEventIdMsb(EVENT_ID_MSB).setEventIdLsb(EVENT_ID_LSB).setTimestamp(CREATED_NS)
                .setTraceIdHigh(TRACE.traceHigh()).setTraceIdLow(TRACE.traceLow()).setSpanId(TRACE.spanId())
                .setSource(SOURCE).build();
    }

    static byte[] encodeTrade() {
        return Trade.newBuilder().setEnvelope(envelope()).setPrice(PRICE).setSize(SIZE).setExchangeTime(EXCHANGE_TIME_NS)
                .setSymbol(SYMBOL).setVenue(VENUE).build().toByteArray();
    }

    static byte[] encodePrice() {
        return PriceUpdate.newBuilder().setEnvelope(envelope()).setPrice(PRICE).setSize(SIZE).setExchangeTime(EXCHANGE_TIME_NS)
                .setChange(CHANGE).setChangePercent(CHANGE_PERCENT).setPreviousClose(PREVIOUS_CLOSE).setMarketCap(MARKET_CAP)
                .setSymbol(SYMBOL).setSector(SECTOR).build().toByteArray();
    }

    static byte[] encodeBook(Levels levels, BookKind kind) {
        BookUpdate.Builder book = BookUpdate.newBuilder().setEnvelope(envelope()).setBookSeq(BOOK_SEQ)
                .setExchangeTime(EXCHANGE_TIME_NS).setKind(kind).setSymbol(SYMBOL);
        boolean[] ask = levels.ask();
        long[] price = levels.price();
        long[] size = levels.size();
        for (int i = 0; i < price.length; i++) {
            book.addLevels(Level.newBuilder().setSide(ask[i] ? Side.ASK : Side.BID).setPrice(price[i]).setSize(size[i]));
        }
        return book.build().toByteArray();
    }

    static void decodeTrade(byte[] record, Blackhole bh) throws InvalidProtocolBufferException {
        Trade trade = Trade.parseFrom(record);
        envelope(trade.getEnvelope(), bh);
        bh.consume(trade.getPrice());
        bh.consume(trade.getSize());
        bh.consume(trade.getExchangeTime());
        bh.consume(trade.getSymbol());
        bh.consume(trade.getVenue());
    }

    static void decodePrice(byte[] record, Blackhole bh) throws InvalidProtocolBufferException {
        PriceUpdate price = PriceUpdate.parseFrom(record);
        envelope(price.getEnvelope(), bh);
        bh.consume(price.getPrice());
        bh.consume(price.getSize());
        bh.consume(price.getExchangeTime());
        bh.consume(price.getChange());
        bh.consume(price.getChangePercent());
        bh.consume(price.hasPreviousClose() ? price.getPreviousClose() : Long.MIN_VALUE);
        bh.consume(price.hasMarketCap() ? price.getMarketCap() : Long.MIN_VALUE);
        bh.consume(price.getSymbol());
        bh.consume(price.getSector());
    }

    static void decodeBook(byte[] record, Blackhole bh) throws InvalidProtocolBufferException {
        BookUpdate book = BookUpdate.parseFrom(record);
        envelope(book.getEnvelope(), bh);
        bh.consume(book.getBookSeq());
        bh.consume(book.getExchangeTime());
        bh.consume(book.getKind());
        for (int i = 0, n = book.getLevelsCount(); i < n; i++) {
            Level level = book.getLevels(i);
            bh.consume(level.getSide());
            bh.consume(level.getPrice());
            bh.consume(level.getSize());
        }
        bh.consume(book.getSymbol());
    }

    private static void envelope(Envelope envelope, Blackhole bh) {
        bh.consume(envelope.getEventIdMsb());
        bh.consume(envelope.getEventIdLsb());
        bh.consume(envelope.getTimestamp());
        bh.consume(envelope.getTraceIdHigh());
        bh.consume(envelope.getTraceIdLow());
        bh.consume(envelope.getSpanId());
        bh.consume(envelope.getSource());
    }
}

package dev.marketstream.bench.codec;

import static dev.marketstream.bench.codec.Samples.*;

import com.google.protobuf.Message;
import dev.marketstream.bench.codec.proto.BookUpdate;
import dev.marketstream.bench.codec.proto.Envelope;
import dev.marketstream.bench.codec.proto.PriceUpdate;
import dev.marketstream.bench.codec.proto.Trade;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.PriceUpdateDecoder;
import dev.marketstream.events.sbe.Side;
import dev.marketstream.events.sbe.TradeDecoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Bytes per record of each encoding, after checking that each one reads back what it wrote (so the benchmark
 * measures working codecs). {@code java -cp target/benchmarks.jar dev.marketstream.bench.codec.Sizes [-v]};
 * -v also prints the JSON documents.
 */
public final class Sizes {

    public static void main(String[] args) throws Exception {
        boolean verbose = args.length > 0 && args[0].equals("-v");
        EventCodec codec = new EventCodec();
        MarketWriter writer = new MarketWriter();
        MarketRecord reader = new MarketRecord();

        byte[] jTrade = json(codec, Samples.jsonTrade(), MarketTick.class, verbose);
        byte[] jTradeBook = json(codec, Samples.jsonTradeWithBook(), MarketTick.class, verbose);
        byte[] jPrice = json(codec, Samples.jsonPrice(), dev.marketstream.events.market.PriceUpdate.class, verbose);
        byte[] jSnapshot = json(codec, Samples.jsonBook(SNAPSHOT), OrderBookUpdate.class, verbose);
        byte[] jDelta = json(codec, Samples.jsonBook(DELTA), OrderBookUpdate.class, verbose);

        byte[] sTrade = SbeCodec.encodeTrade(writer);
        byte[] sPrice = SbeCodec.encodePrice(writer);
        byte[] sSnapshot = SbeCodec.encodeBook(writer, SNAPSHOT, BookKind.SNAPSHOT);
        byte[] sDelta = SbeCodec.encodeBook(writer, DELTA, BookKind.DELTA);
        checkSbe(reader, sTrade, sPrice, sSnapshot, sDelta);

        byte[] pTrade = ProtoCodec.encodeTrade();
        byte[] pPrice = ProtoCodec.encodePrice();
        byte[] pSnapshot = ProtoCodec.encodeBook(SNAPSHOT, dev.marketstream.bench.codec.proto.BookKind.SNAPSHOT);
        byte[] pDelta = ProtoCodec.encodeBook(DELTA, dev.marketstream.bench.codec.proto.BookKind.DELTA);
        Trade trade = Trade.parseFrom(pTrade);
        PriceUpdate price = PriceUpdate.parseFrom(pPrice);
        BookUpdate snapshot = BookUpdate.parseFrom(pSnapshot);
        BookUpdate delta = BookUpdate.parseFrom(pDelta);
        checkProto(trade, price, snapshot, delta);

        System.out.println("# Bytes per record (all three round-trip checked)");
        System.out.printf("%-26s %8s %8s %10s %18s%n", "record", "JSON", "SBE", "Protobuf", "Protobuf traced");
        row("trade", jTrade.length, sTrade.length, pTrade.length, traced(trade));
        row("trade + 10-level book", jTradeBook.length, -1, -1, -1);
        row("price update", jPrice.length, sPrice.length, pPrice.length, traced(price));
        row("book snapshot 10+10", jSnapshot.length, sSnapshot.length, pSnapshot.length, traced(snapshot));
        row("book delta 2 levels", jDelta.length, sDelta.length, pDelta.length, traced(delta));
        System.out.println("SBE carries the trace ids in its fixed block whether traced or not (24 bytes); JSON carries none"
                + " in the record (they travel in Kafka headers); Protobuf omits zero fields, so an untraced record is 27 bytes"
                + " smaller than a traced one. The JSON trade + book row is today's MarketTick with its book (no SBE/Protobuf"
                + " equivalent: there the book is a BookUpdate record of its own).");
        try {
            Decimals.of(new BigDecimal("2950000000000"), "market_cap");
            System.out.println("a 2.95 trillion market cap fits a Fixed8");
        } catch (EventValidationException e) {
            System.out.println("Note: a real large-cap market cap (2.95 trillion) does not fit the schema's Fixed8: " + e.getMessage()
                    + " -- the samples use 85 billion.");
        }
        System.out.println();
    }

    private static <T extends dev.marketstream.events.EventPayload> byte[] json(EventCodec codec, EventEnvelope<T> event,
            Class<T> type, boolean verbose) {
        byte[] bytes = codec.encode(event);
        EventEnvelope<T> back = codec.decode(bytes, type);
        require(back.equals(event), "JSON round trip of " + event.eventType() + ": " + back + " != " + event);
        if (verbose) {
            System.out.println(new String(bytes, StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static void checkSbe(MarketRecord reader, byte[] trade, byte[] price, byte[] snapshot, byte[] delta) {
        reader.wrap(trade);
        TradeDecoder t = reader.trade();
        require(t.envelope().eventIdMsb() == EVENT_ID_MSB && t.envelope().eventIdLsb() == EVENT_ID_LSB
                && t.envelope().timestamp() == CREATED_NS && t.price() == PRICE && t.size() == SIZE
                && t.exchangeTime() == EXCHANGE_TIME_NS && t.symbol().equals(SYMBOL) && t.venue().equals(VENUE)
                && t.source().equals(SOURCE), "SBE trade");
        reader.wrap(price);
        PriceUpdateDecoder p = reader.priceUpdate();
        require(p.price() == PRICE && p.size() == SIZE && p.change() == CHANGE && p.changePercent() == CHANGE_PERCENT
                && p.previousClose() == PREVIOUS_CLOSE && p.marketCap() == MARKET_CAP && p.symbol().equals(SYMBOL)
                && p.sector().equals(SECTOR) && p.source().equals(SOURCE), "SBE price update");
        checkSbeBook(reader, snapshot, SNAPSHOT, BookKind.SNAPSHOT);
        checkSbeBook(reader, delta, DELTA, BookKind.DELTA);
    }

    private static void checkSbeBook(MarketRecord reader, byte[] record, Levels levels, BookKind kind) {
        reader.wrap(record);
        BookUpdateDecoder b = reader.bookUpdate();
        require(b.bookSeq() == BOOK_SEQ && b.kind() == kind && b.exchangeTime() == EXCHANGE_TIME_NS, "SBE book fields");
        BookUpdateDecoder.LevelsDecoder level = b.levels();
        require(level.count() == levels.count(), "SBE level count");
        for (int i = 0; level.hasNext(); i++) {
            level.next();
            require((level.side() == Side.ASK) == levels.ask()[i] && level.price() == levels.price()[i]
                    && level.size() == levels.size()[i], "SBE level " + i);
        }
        require(b.symbol().equals(SYMBOL) && b.source().equals(SOURCE), "SBE book strings");
    }

    private static void checkProto(Trade t, PriceUpdate p, BookUpdate snapshot, BookUpdate delta) {
        require(t.getEnvelope().getEventIdMsb() == EVENT_ID_MSB && t.getEnvelope().getEventIdLsb() == EVENT_ID_LSB
                && t.getEnvelope().getTimestamp() == CREATED_NS && t.getEnvelope().getSource().equals(SOURCE)
                && t.getPrice() == PRICE && t.getSize() == SIZE && t.getExchangeTime() == EXCHANGE_TIME_NS
                && t.getSymbol().equals(SYMBOL) && t.getVenue().equals(VENUE), "Protobuf trade");
        require(p.getPrice() == PRICE && p.getSize() == SIZE && p.getChange() == CHANGE && p.getChangePercent() == CHANGE_PERCENT
                && p.hasPreviousClose() && p.getPreviousClose() == PREVIOUS_CLOSE && p.hasMarketCap()
                && p.getMarketCap() == MARKET_CAP && p.getSymbol().equals(SYMBOL) && p.getSector().equals(SECTOR),
                "Protobuf price update");
        checkProtoBook(snapshot, SNAPSHOT, dev.marketstream.bench.codec.proto.BookKind.SNAPSHOT);
        checkProtoBook(delta, DELTA, dev.marketstream.bench.codec.proto.BookKind.DELTA);
    }

    private static void checkProtoBook(BookUpdate b, Levels levels, dev.marketstream.bench.codec.proto.BookKind kind) {
        require(b.getBookSeq() == BOOK_SEQ && b.getKind() == kind && b.getExchangeTime() == EXCHANGE_TIME_NS
                && b.getSymbol().equals(SYMBOL) && b.getLevelsCount() == levels.count(), "Protobuf book fields");
        for (int i = 0; i < levels.count(); i++) {
            var level = b.getLevels(i);
            require((level.getSide() == dev.marketstream.bench.codec.proto.Side.ASK) == levels.ask()[i]
                    && level.getPrice() == levels.price()[i] && level.getSize() == levels.size()[i], "Protobuf level " + i);
        }
    }

    /** The serialized size of the same message with a traced envelope (all three ids non-zero). */
    private static int traced(Message message) {
        Envelope envelope = (Envelope) message.getField(message.getDescriptorForType().findFieldByName("envelope"));
        Envelope tracedEnvelope = envelope.toBuilder().setTraceIdHigh(0x4BF9_2F35_77B3_4DA6L)
                .setTraceIdLow(0xA3CE_929D_0E0E_4736L).setSpanId(0x00F0_67AA_0BA9_02B7L).build();
        Message.Builder builder = message.toBuilder();
        builder.setField(message.getDescriptorForType().findFieldByName("envelope"), tracedEnvelope);
        return builder.build().getSerializedSize();
    }

    private static void row(String name, int json, int sbe, int proto, int protoTraced) {
        System.out.printf("%-26s %8s %8s %10s %18s%n", name, json, sbe < 0 ? "-" : sbe, proto < 0 ? "-" : proto,
                protoTraced < 0 ? "-" : protoTraced);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("round trip failed: " + what);
        }
    }

    private Sizes() {
    }
}

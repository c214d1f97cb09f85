package dev.marketstream.bench.codec;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The current format: JSON envelopes through the platform's {@link EventCodec}. Encoding serializes an envelope
 * that is already built ({@code EventCodec.encode}); building the records (and their validation) is not counted,
 * so this is a lower bound for a producer. Decoding is the typed one-pass path the services use
 * ({@code decode(bytes, type)}: bind, validate, build records with BigDecimal, Instant and UUID), then every
 * field is read.
 */
final class JsonCodec {

    private JsonCodec() {
    }

    static void decodeTick(EventCodec codec, byte[] json, Blackhole bh) {
        EventEnvelope<MarketTick> event = codec.decode(json, MarketTick.class);
        envelope(event, bh);
        MarketTick tick = event.data();
        bh.consume(tick.symbol());
        bh.consume(tick.price());
        bh.consume(tick.volume());
        bh.consume(tick.timestamp());
        bh.consume(tick.exchange());
        levels(tick.bids(), bh);
        levels(tick.asks(), bh);
    }

    static void decodePrice(EventCodec codec, byte[] json, Blackhole bh) {
        EventEnvelope<PriceUpdate> event = codec.decode(json, PriceUpdate.class);
        envelope(event, bh);
        PriceUpdate price = event.data();
        bh.consume(price.symbol());
        bh.consume(price.price());
        bh.consume(price.volume());
        bh.consume(price.timestamp());
        bh.consume(price.change());
        bh.consume(price.changePercent());
        bh.consume(price.previousClose());
        bh.consume(price.sector());
        bh.consume(price.marketCap());
    }

    static void decodeBook(EventCodec codec, byte[] json, Blackhole bh) {
        EventEnvelope<OrderBookUpdate> event = codec.decode(json, OrderBookUpdate.class);
        envelope(event, bh);
        OrderBookUpdate book = event.data();
        bh.consume(book.symbol());
        bh.consume(book.timestamp());
        levels(book.bids(), bh);
        levels(book.asks(), bh);
    }

    private static void envelope(EventEnvelope<?> event, Blackhole bh) {
        bh.consume(event.eventId());
        bh.consume(event.eventType());
        bh.consume(event.timestamp());
        bh.consume(event.source());
        bh.consume(event.schemaVersion());
    }

    private static void levels(List<PriceLevel> levels, Blackhole bh) {
        for (int i = 0, n = levels.size(); i < n; i++) {
            PriceLevel level = levels.get(i);
            bh.consume(level.price());
            bh.consume(level.size());
        }
    }
}

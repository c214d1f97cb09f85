package dev.marketstream.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.events.EventPayload;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the feed's lean decode gives exactly the update of the full strict decode, and still refuses bad routing fields. */
class EventMappingTest {

    private final EventCodec codec = new EventCodec();
    private final EventMapping mapping = new EventMapping(codec);
    private final Instant at = Instant.parse("2026-11-27T01:02:03.456789Z");

    @Test
    void leanDecodeEqualsFullDecodeForEveryMarketType() {
        List<EventPayload> payloads = List.of(
                new PriceUpdate("AAPL", new BigDecimal("189.2500"), new BigDecimal("1200"), at, new BigDecimal("-0.7500"),
                        new BigDecimal("-0.3947"), new BigDecimal("190.0000"), "Technology", null),
                new VolumeUpdate("MSFT", new BigDecimal("300"), new BigDecimal("1500300"), at),
                new OrderBookUpdate("BTC-USD", List.of(new PriceLevel(new BigDecimal("64000.5"), new BigDecimal("0.25"))),
                        List.of(new PriceLevel(new BigDecimal("64001.0"), new BigDecimal("1.5"))), at),
                new OhlcvBar("AAPL", "1m", at.minusSeconds(60), at, new BigDecimal("189"), new BigDecimal("190"), new BigDecimal("188.5"),
                        new BigDecimal("189.25"), new BigDecimal("5000"), new BigDecimal("189.1"), 42));
        for (EventPayload payload : payloads) {
            byte[] record = codec.encode(EventEnvelope.of("test", at, payload));
            assertThat(mapping.marketRecord(record)).as(payload.getClass().getSimpleName()).isEqualTo(mapping.market(codec.decode(record)));
        }
    }

    @Test
    void ignoresEventsThatAreNotMarketStreams() {
        MarketTick tick = new MarketTick("AAPL", new BigDecimal("189.25"), new BigDecimal("10"), at, "XNAS", null, null);
        assertThat(mapping.marketRecord(codec.encode(EventEnvelope.of("test", at, tick)))).isEmpty();
    }

    @Test
    void refusesBadSymbolsTimestampsAndDocuments() {
        String good = new String(codec.encode(EventEnvelope.of("test", at, new VolumeUpdate("MSFT", BigDecimal.ONE, BigDecimal.TEN, at))),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> mapping.marketRecord(good.replace("\"MSFT\"", "\"ms ft\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventValidationException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> mapping.marketRecord(good.replace(at.toString(), "yesterday").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventValidationException.class);
        assertThatThrownBy(() -> mapping.marketRecord("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventValidationException.class);
    }
}

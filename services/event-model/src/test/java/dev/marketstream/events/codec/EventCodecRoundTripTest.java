package dev.marketstream.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.EventType;
import dev.marketstream.events.Samples;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceUpdate;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves every payload type survives encode → decode unchanged and is written in the documented wire shape. */
class EventCodecRoundTripTest {

    private final EventCodec codec = new EventCodec();

    static Stream<EventPayload> payloads() {
        return Samples.allTypes().stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void decodesWhatItEncodes(EventPayload payload) {
        EventEnvelope<EventPayload> sent = EventEnvelope.of("test", Samples.AT, payload);

        EventEnvelope<?> received = codec.decode(codec.encode(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.eventType()).isEqualTo(EventType.of(payload));
    }

    @Test
    void writesEnvelopeFieldsAndSnakeCasePayload() throws Exception {
        byte[] json = codec.encode(EventEnvelope.of("stream-processor", Samples.AT, Samples.price()));

        JsonNode tree = codec.mapper().readTree(json);
        assertThat(tree.fieldNames()).toIterable()
                .containsExactly("eventId", "eventType", "timestamp", "source", "schemaVersion", "data");
        assertThat(tree.get("eventType").asText()).isEqualTo("market.price");
        assertThat(tree.get("timestamp").asText()).isEqualTo("2026-11-26T14:30:00.125Z");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(EventEnvelope.CURRENT_SCHEMA_VERSION);
        assertThat(tree.get("data").fieldNames()).toIterable()
                .contains("symbol", "price", "volume", "timestamp", "change", "change_percent");
        assertThat(tree.get("data").get("price").decimalValue()).isEqualByComparingTo("189.42");
    }

    @Test
    void decodesTheRequestedTypeOnly() {
        byte[] json = codec.encode(EventEnvelope.of("test", Samples.price()));

        assertThat(codec.decode(json, PriceUpdate.class).data().symbol()).isEqualTo("AAPL");
        EventValidationException wrongType = org.assertj.core.api.Assertions.catchThrowableOfType(
                EventValidationException.class, () -> codec.decode(json, MarketTick.class));
        assertThat(wrongType.field()).isEqualTo("eventType");
        assertThat(wrongType.reason()).contains("expected market.tick but was market.price");
    }

    @Test
    void decodesBareProviderTick() {
        String json = """
                {"symbol":"MSFT","price":412.5,"volume":10,"timestamp":"2026-11-26T14:30:00Z"}""";

        MarketTick tick = codec.decodePayload(json.getBytes(StandardCharsets.UTF_8), MarketTick.class);

        assertThat(tick.symbol()).isEqualTo("MSFT");
        assertThat(tick.price()).isEqualByComparingTo("412.5");
        assertThat(tick.hasBook()).isFalse();
    }

    @Test
    void derivedEventKeepsIdentity() {
        EventEnvelope<MarketTick> tick = EventEnvelope.of("ingest", Samples.tick());

        EventEnvelope<PriceUpdate> price = tick.derive("processor", Samples.price());

        assertThat(price.eventId()).isEqualTo(tick.eventId());
        assertThat(price.eventType()).isEqualTo(EventType.PRICE_UPDATE);
        assertThat(price.source()).isEqualTo("processor");
    }
}

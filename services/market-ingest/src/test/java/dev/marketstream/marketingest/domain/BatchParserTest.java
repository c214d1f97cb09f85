package dev.marketstream.marketingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.codec.EventValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Proves a provider document is split into valid ticks and per-item errors that name the field, the binary records' limits included. */
class BatchParserTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final BatchParser parser = new BatchParser(1 << 20, 3, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsSingleTickObject() {
        ParsedBatch batch = parser.parse("{\"symbol\":\"AAPL\",\"price\":189.5,\"volume\":10,\"timestamp\":\"2026-11-26T11:59:59Z\"}");

        assertThat(batch.valid()).singleElement().satisfies(tick -> assertThat(tick.symbol()).isEqualTo("AAPL"));
        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void refusesInvalidItemsOneByOneNamingTheirField() {
        ParsedBatch batch = parser.parse("""
                [{"symbol":"AAPL","price":189.5,"volume":10,"timestamp":"2026-11-26T11:59:59Z"},
                 {"symbol":"MSFT","price":-1,"volume":10,"timestamp":"2026-11-26T11:59:59Z"},
                 {"symbol":"IBM","price":120,"timestamp":"2026-11-26T11:59:59Z"}]""");

        assertThat(batch.valid()).extracting(t -> t.symbol()).containsExactly("AAPL");
        assertThat(batch.errors()).extracting(ItemError::index, ItemError::field, ItemError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "[1].price", "INVALID_VALUE"),
                        org.assertj.core.groups.Tuple.tuple(2, "[2].volume", "MISSING_FIELD"));
        assertThat(new String(batch.rejected().get(0).raw())).contains("\"MSFT\"");
    }

    @Test
    void refusesValuesTheBinaryRecordsCannotCarryNamingTheField() {
        ParsedBatch batch = parser.parse("""
                [{"symbol":"AAPL","price":189.123456789,"volume":10,"timestamp":"2026-11-26T11:59:59Z"},
                 {"symbol":"MSFT","price":410.5,"volume":10,"timestamp":"2026-11-26T11:59:59Z",
                  "bids":[{"price":410.4,"size":5},{"price":410.3,"size":0.000000001}]},
                 {"symbol":"IBM","price":120.12345678,"volume":0.5,"timestamp":"1500-01-01T00:00:00Z"}]""");

        assertThat(batch.valid()).isEmpty();
        assertThat(batch.errors()).extracting(ItemError::field, ItemError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[0].price", "INVALID_VALUE"),
                        org.assertj.core.groups.Tuple.tuple("[1].bids[1].size", "INVALID_VALUE"),
                        org.assertj.core.groups.Tuple.tuple("[2].timestamp", "INVALID_VALUE"));
        assertThat(batch.errors().get(0).reason()).contains("189.123456789", "8 places");
    }

    @Test
    void acceptsEightDecimalsAndAnEmptyExchange() {
        ParsedBatch batch = parser.parse("""
                {"symbol":"BTC-USD","price":0.00000001,"volume":12.34567891,"exchange":"","timestamp":"2026-11-26T11:59:59Z"}""");

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.valid()).singleElement().satisfies(tick -> assertThat(tick.volume()).isEqualByComparingTo("12.34567891"));
    }

    @Test
    void refusesTickStampedTooFarInTheFuture() {
        ParsedBatch batch = parser.parse("{\"symbol\":\"AAPL\",\"price\":1,\"volume\":1,\"timestamp\":\"2026-11-26T12:05:00Z\"}");

        assertThat(batch.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("timestamp");
            assertThat(error.reason()).contains("in the future");
        });
    }

    @Test
    void refusesWholeDocumentThatIsNotJson() {
        assertThatThrownBy(() -> parser.parse("ticks please"))
                .isInstanceOfSatisfying(EventValidationException.class,
                        e -> assertThat(e.code()).isEqualTo(EventValidationException.Code.MALFORMED_JSON));
    }

    @Test
    void refusesBatchWithMoreItemsThanAllowed() {
        String tick = "{\"symbol\":\"A\",\"price\":1,\"volume\":1,\"timestamp\":\"2026-11-26T11:00:00Z\"}";

        assertThatThrownBy(() -> parser.parse("[" + String.join(",", tick, tick, tick, tick) + "]"))
                .isInstanceOfSatisfying(EventValidationException.class,
                        e -> assertThat(e.reason()).contains("at most 3"));
    }
}

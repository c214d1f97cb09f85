package dev.marketstream.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.Samples;
import dev.marketstream.events.codec.EventValidationException.Code;
import dev.marketstream.events.market.MarketTick;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Feeds the codec each kind of bad input and checks the error names the field, the kind and the reason. */
class EventCodecRejectionTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void rejectsMalformedDocumentNamingWhereItBroke() {
        EventValidationException error = reject("{\"eventType\":\"market.tick\",\"data\":{\"symbol\":\"A\",\"price\":}}");

        assertThat(error.code()).isEqualTo(Code.MALFORMED_JSON);
        assertThat(error.field()).isEqualTo("data.price");
        assertThat(error.reason()).contains("line 1");
    }

    @Test
    void rejectsEmptyDocument() {
        assertThat(reject("").code()).isEqualTo(Code.MALFORMED_JSON);
        assertThat(reject("   ").code()).isEqualTo(Code.MALFORMED_JSON);
    }

    @Test
    void rejectsTrailingContent() {
        String json = envelopeOf(Samples.tick()).toString() + " {}";

        assertThat(reject(json).code()).isEqualTo(Code.MALFORMED_JSON);
    }

    @Test
    void rejectsDuplicateKeys() {
        String json = envelopeOf(Samples.tick()).toString().replace("\"source\":", "\"source\":\"x\",\"source\":");

        EventValidationException error = reject(json);
        assertThat(error.code()).isEqualTo(Code.MALFORMED_JSON);
        assertThat(error.reason()).contains("Duplicate field 'source'");
    }

    @Test
    void rejectsOversizedPayloadBeforeParsing() {
        EventCodec small = new EventCodec(1024);
        String json = envelopeOf(Samples.tick()).put("source", "x".repeat(2000)).toString();

        EventValidationException error = catchThrowableOfType(EventValidationException.class,
                () -> small.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(error.code()).isEqualTo(Code.PAYLOAD_TOO_LARGE);
        assertThat(error.reason()).contains("exceeds the limit of 1024 bytes");
    }

    @Test
    void rejectsUnknownEventTypeListingTheKnownOnes() {
        EventValidationException error = reject(envelopeOf(Samples.tick()).put("eventType", "market.rumour").toString());

        assertThat(error.code()).isEqualTo(Code.UNKNOWN_EVENT_TYPE);
        assertThat(error.field()).isEqualTo("eventType");
        assertThat(error.reason()).contains("'market.rumour'").contains("market.tick");
    }

    @Test
    void rejectsDocumentThatIsNotAnObject() {
        EventValidationException error = reject("[1,2]");

        assertThat(error.field()).isEqualTo("$");
        assertThat(error.reason()).contains("must be a JSON object");
    }

    @Test
    void rejectsPayloadOfAnotherTypeThanDeclared() {
        ObjectNode envelope = envelopeOf(Samples.tick()).put("eventType", "market.volume");

        EventValidationException error = reject(envelope.toString());
        assertThat(error.field()).startsWith("data.");
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                bad("negative price", Samples.tick(), d -> d.put("price", -1.5), Code.INVALID_VALUE, "data.price", "greater than 0"),
                bad("zero price", Samples.tick(), d -> d.put("price", 0), Code.INVALID_VALUE, "data.price", "greater than 0"),
                bad("negative volume", Samples.tick(), d -> d.put("volume", -10), Code.INVALID_VALUE, "data.volume", "must not be negative"),
                bad("NaN as a string", Samples.tick(), d -> d.put("price", "NaN"), Code.INVALID_VALUE, "data.price", "finite number"),
                bad("number as a string", Samples.tick(), d -> d.put("price", "189.4"), Code.INVALID_VALUE, "data.price", "finite number"),
                bad("boolean price", Samples.tick(), d -> d.put("price", true), Code.INVALID_VALUE, "data.price", "finite number"),
                bad("numeric timestamp", Samples.tick(), d -> d.put("timestamp", 1764167400), Code.INVALID_VALUE, "data.timestamp", "ISO-8601"),
                bad("garbage timestamp", Samples.tick(), d -> d.put("timestamp", "yesterday"), Code.INVALID_VALUE, "data.timestamp", "ISO-8601"),
                bad("lower-case symbol", Samples.tick(), d -> d.put("symbol", "aapl"), Code.INVALID_VALUE, "data.symbol", "not a symbol"),
                bad("misspelt field", Samples.tick(), d -> d.put("pirce", 1), Code.UNKNOWN_FIELD, "data.pirce", "not a known field"),
                bad("negative level size", Samples.tick(), d -> ((ObjectNode) d.withArray("bids").get(1)).put("size", -1),
                        Code.INVALID_VALUE, "data.bids[1].size", "must not be negative"),
                bad("unordered bids", Samples.tick(), d -> ((ObjectNode) d.withArray("bids").get(1)).put("price", 190),
                        Code.INVALID_VALUE, "data.bids[1].price", "strictly descending"),
                bad("crossed book", Samples.orderBook(), d -> ((ObjectNode) d.withArray("bids").get(0)).put("price", 200),
                        Code.INVALID_VALUE, "data.bids[0].price", "below best ask"),
                bad("empty book", Samples.orderBook(), d -> { d.putArray("bids"); d.putArray("asks"); },
                        Code.INVALID_VALUE, "data.bids", "at least one"),
                bad("bar high below close", Samples.bar(), d -> d.put("high", 189.0), Code.INVALID_VALUE, "data.high", "highest"),
                bad("bar without trades", Samples.bar(), d -> d.put("trade_count", 0), Code.INVALID_VALUE, "data.trade_count", "at least 1"),
                bad("bar with bad interval", Samples.bar(), d -> d.put("interval", "fortnight"), Code.INVALID_VALUE, "data.interval", "not an interval"),
                bad("unknown update type", Samples.portfolio(), d -> d.put("update_type", "gift"), Code.INVALID_VALUE, "data.update_type", "[position, balance, order, trade, pnl]"),
                bad("portfolio data not an object", Samples.portfolio(), d -> d.put("data", "x"), Code.INVALID_VALUE, "data.data", "JSON object"),
                bad("unknown severity", Samples.alert(), d -> d.put("severity", "urgent"), Code.INVALID_VALUE, "data.severity", "[info, warning, critical]"),
                bad("blank alert message", Samples.alert(), d -> d.put("message", " "), Code.INVALID_VALUE, "data.message", "blank"),
                bad("broadcast with targets", Samples.broadcast(), d -> d.putArray("target_users").add("u1"),
                        Code.INVALID_VALUE, "data.target_users", "empty when broadcast"),
                bad("targeted without users", Samples.targeted(), d -> d.remove("target_users"),
                        Code.INVALID_VALUE, "data.target_users", "at least one user"),
                bad("bad target user id", Samples.targeted(), d -> d.withArray("target_users").add("bad user"),
                        Code.INVALID_VALUE, "data.target_users[2]", "not an identifier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void rejectsBadField(String name, EventPayload sample, Consumer<ObjectNode> mutation, Code code, String field, String reason) {
        ObjectNode envelope = envelopeOf(sample);
        mutation.accept((ObjectNode) envelope.get("data"));

        EventValidationException error = reject(envelope.toString());

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.reason()).contains(reason);
    }

    @Test
    void rejectsNaNToken() {
        String json = envelopeOf(Samples.tick()).toString().replace("\"price\":189.42", "\"price\":NaN");

        EventValidationException error = reject(json);
        assertThat(error.code()).isEqualTo(Code.MALFORMED_JSON);
        assertThat(error.field()).isEqualTo("data.price");
        assertThat(error.reason()).contains("NaN");
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                required(Samples.tick(), "symbol", "price", "volume", "timestamp"),
                required(Samples.price(), "symbol", "price", "volume", "timestamp", "change", "change_percent"),
                required(Samples.volume(), "symbol", "volume", "cumulative_volume", "timestamp"),
                required(Samples.orderBook(), "symbol", "bids", "asks", "timestamp"),
                required(Samples.bar(), "symbol", "interval", "window_start", "window_end", "open", "high", "low", "close", "volume", "vwap"),
                required(Samples.portfolio(), "portfolio_id", "user_id", "update_type", "data", "timestamp"),
                required(Samples.alert(), "alert_id", "user_id", "type", "message", "severity", "timestamp"),
                required(Samples.broadcast(), "notification_id", "message", "severity", "timestamp"))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void rejectsMissingRequiredField(String type, String field, EventPayload sample) {
        ObjectNode envelope = envelopeOf(sample);
        ((ObjectNode) envelope.get("data")).remove(field);

        EventValidationException error = reject(envelope.toString());

        assertThat(error.code()).isEqualTo(Code.MISSING_FIELD);
        assertThat(error.field()).isEqualTo("data." + field);
        assertThat(error.reason()).isEqualTo("is required");
    }

    @ParameterizedTest
    @MethodSource("envelopeFields")
    void rejectsEnvelopeWithoutRequiredField(String field) {
        ObjectNode envelope = envelopeOf(Samples.tick());
        envelope.remove(field);

        EventValidationException error = reject(envelope.toString());

        assertThat(error.code()).isEqualTo(Code.MISSING_FIELD);
        assertThat(error.field()).isEqualTo(field);
    }

    static List<String> envelopeFields() {
        return List.of("eventId", "eventType", "timestamp", "source", "schemaVersion", "data");
    }

    @Test
    void rejectsEventIdThatIsNotAUuid() {
        EventValidationException error = reject(envelopeOf(Samples.tick()).put("eventId", "42").toString());

        assertThat(error.field()).isEqualTo("eventId");
        assertThat(error.reason()).contains("UUID");
    }

    @Test
    void rejectsSchemaVersionFromTheFuture() {
        EventValidationException error = reject(envelopeOf(Samples.tick()).put("schemaVersion", 99).toString());

        assertThat(error.field()).isEqualTo("schemaVersion");
        assertThat(error.reason()).contains("between 1 and 1");
    }

    @Test
    void rejectsBareTickWithPathRelativeToTheTick() {
        byte[] json = "{\"symbol\":\"AAPL\",\"price\":-3,\"volume\":1,\"timestamp\":\"2026-11-26T14:30:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        EventValidationException error = catchThrowableOfType(EventValidationException.class,
                () -> codec.decodePayload(json, MarketTick.class));
        assertThat(error.field()).isEqualTo("price");
        assertThat(error.getMessage()).isEqualTo("price: must be greater than 0 but was -3");
    }

    private EventValidationException reject(String json) {
        EventValidationException error = catchThrowableOfType(EventValidationException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(error).as("expected %s to be rejected", json).isNotNull();
        return error;
    }

    private ObjectNode envelopeOf(EventPayload payload) {
        try {
            return (ObjectNode) codec.mapper().readTree(codec.encode(EventEnvelope.of("test", Samples.AT, payload)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Arguments bad(String name, EventPayload sample, Consumer<ObjectNode> mutation, Code code, String field, String reason) {
        return Arguments.of(name, sample, mutation, code, field, reason);
    }

    private static Stream<Arguments> required(EventPayload sample, String... fields) {
        return Stream.of(fields).map(field -> Arguments.of(sample.getClass().getSimpleName(), field, sample));
    }
}

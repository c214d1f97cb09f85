package dev.marketstream.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.Samples;
import dev.marketstream.events.market.MarketTick;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the one-pass typed decoding is only a shortcut: on valid and invalid documents of every kind
 * it returns the same event, or fails with the same code, field and reason, as the tree path.
 */
class EventCodecOnePassTest {

    private static final EventCodec CODEC = new EventCodec();

    /** Every rejection case of {@link EventCodecRejectionTest} and some envelope-level ones, each with the type it is decoded as. */
    static Stream<Arguments> documents() {
        List<Arguments> cases = new ArrayList<>();
        for (EventPayload sample : Samples.allTypes()) {
            cases.add(Arguments.of("valid " + sample.getClass().getSimpleName(), json(envelopeOf(sample)), sample.getClass()));
        }
        EventCodecRejectionTest.badFields().forEach(arguments -> {
            Object[] a = arguments.get();
            cases.add(mutated((String) a[0], (EventPayload) a[1], data -> ((Consumer<ObjectNode>) a[2]).accept(data)));
        });
        EventCodecRejectionTest.requiredFields().forEach(arguments -> {
            Object[] a = arguments.get();
            cases.add(mutated(a[0] + " without " + a[1], (EventPayload) a[2], data -> data.remove((String) a[1])));
        });
        for (String field : EventCodecRejectionTest.envelopeFields()) {
            ObjectNode envelope = envelopeOf(Samples.tick());
            envelope.remove(field);
            cases.add(Arguments.of("envelope without " + field, json(envelope), MarketTick.class));
        }
        String tick = json(envelopeOf(Samples.tick()));
        cases.add(tickCase("another event type", tick.replace("\"market.tick\"", "\"market.price\"")));
        cases.add(tickCase("unknown event type", tick.replace("\"market.tick\"", "\"market.rumour\"")));
        cases.add(tickCase("numeric event type", tick.replace("\"market.tick\"", "7")));
        cases.add(tickCase("schema version as a float", tick.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0")));
        cases.add(tickCase("schema version as a string", tick.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\"")));
        cases.add(tickCase("schema version from the future", tick.replace("\"schemaVersion\":1", "\"schemaVersion\":2")));
        cases.add(tickCase("blank source", tick.replace("\"source\":\"test\"", "\"source\":\" \"")));
        cases.add(tickCase("unknown envelope field", tick.replace("{\"eventId\"", "{\"extra\":1,\"eventId\"")));
        cases.add(tickCase("data null", tick.substring(0, tick.indexOf("\"data\":")) + "\"data\":null}"));
        cases.add(tickCase("data a string", tick.substring(0, tick.indexOf("\"data\":")) + "\"data\":\"\"}"));
        cases.add(tickCase("data an empty array", tick.substring(0, tick.indexOf("\"data\":")) + "\"data\":[]}"));
        cases.add(tickCase("duplicate data", tick.substring(0, tick.length() - 1) + ",\"data\":{}}"));
        cases.add(tickCase("trailing content", tick + " {}"));
        cases.add(tickCase("NaN token", tick.replace("\"price\":189.42", "\"price\":NaN")));
        cases.add(tickCase("truncated", tick.substring(0, tick.length() / 2)));
        cases.add(tickCase("not an object", "[" + tick + "]"));
        cases.add(tickCase("null document", "null"));
        cases.add(tickCase("blank document", "   "));
        cases.add(tickCase("empty document", ""));
        cases.add(tickCase("oversized document", tick.replace("\"source\":\"test\"", "\"source\":\"" + "x".repeat(70_000) + "\"")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void decodesEnvelopeExactlyAsTheTreePath(String name, String json, Class<? extends EventPayload> type) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> CODEC.decode(bytes, type))).isEqualTo(outcome(() -> CODEC.decodeFromTree(bytes, type)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void decodesBarePayloadExactlyAsTheTreePath(String name, String json, Class<? extends EventPayload> type) {
        ObjectNode data;
        try {
            data = CODEC.mapper().readTree(json) instanceof ObjectNode envelope && envelope.get("data") instanceof ObjectNode d ? d : null;
        } catch (IOException e) {
            data = null;
        }
        byte[] bytes = (data == null ? json : data.toString()).getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> CODEC.decodePayload(bytes, type)))
                .isEqualTo(outcome(() -> CODEC.payloadFromTree(CODEC.readTree(bytes), type)));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void acceptsEveryValidEventInOnePass(EventPayload payload) {
        EventEnvelope<EventPayload> sent = EventEnvelope.of("test", Samples.AT, payload);

        assertThat(CODEC.decodeInOnePass(CODEC.encode(sent), payload.getClass())).isEqualTo(sent);
    }

    static Stream<EventPayload> payloads() {
        return Samples.allTypes().stream();
    }

    /** The decoded value, or the error's code, field and reason. */
    private static Object outcome(java.util.function.Supplier<Object> decoding) {
        try {
            return decoding.get();
        } catch (EventValidationException e) {
            return List.of(e.code(), e.field(), e.reason());
        }
    }

    private static Arguments mutated(String name, EventPayload sample, Consumer<ObjectNode> mutation) {
        ObjectNode envelope = envelopeOf(sample);
        mutation.accept((ObjectNode) envelope.get("data"));
        return Arguments.of(name, json(envelope), sample.getClass());
    }

    private static Arguments tickCase(String name, String json) {
        return Arguments.of(name, json, MarketTick.class);
    }

    private static ObjectNode envelopeOf(EventPayload payload) {
        try {
            return (ObjectNode) CODEC.mapper().readTree(CODEC.encode(EventEnvelope.of("test", Samples.AT, payload)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(ObjectNode node) {
        return node.toString();
    }
}

package dev.marketstream.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The one JSON codec of the platform. Decoding is strict: a document becomes an event only if it is
 * well-formed, complete and in range; otherwise an {@link EventValidationException} names the field
 * and the reason. Thread-safe; share one instance.
 *
 * <p>Typed decoding ({@link #decode(byte[], Class)}, {@link #decodePayload}) first binds the document
 * in one pass straight into the expected type; only a document that pass does not accept goes the
 * slower way (parse into a tree, then bind its parts), which names exactly what is wrong. Both ways
 * accept the same documents and build the same events.
 */
public final class EventCodec {

    /** Default size limit of one document. A tick is a few hundred bytes; a 50-level book a few KiB. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final ClassValue<OnePass> onePass = new ClassValue<>() {
        @Override
        protected OnePass computeValue(Class<?> payloadType) {
            return new OnePass(
                    mapper.readerFor(mapper.getTypeFactory().constructParametricType(TypedEnvelope.class, payloadType)),
                    mapper.readerFor(payloadType),
                    eventTypeCarrying(payloadType));
        }
    };

    public EventCodec() {
        this(DEFAULT_MAX_BYTES);
    }

    public EventCodec(int maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = strictMapper(maxBytes);
    }

    private static ObjectMapper strictMapper(int maxBytes) {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new StrictInstantDeserializer()))
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(maxBytes)
                .build());
        return mapper;
    }

    /** The configured mapper, for writing payloads in other shapes (such as WebSocket frames). */
    public ObjectMapper mapper() {
        return mapper;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public byte[] encode(EventEnvelope<?> envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode event " + envelope.eventId(), e);
        }
    }

    public String encodeToString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Decodes an envelope of any event type. */
    public EventEnvelope<?> decode(byte[] json) {
        return envelopeFromTree(readTree(json));
    }

    /** Decodes an envelope that must carry the given payload type. */
    public <T extends EventPayload> EventEnvelope<T> decode(byte[] json, Class<T> payloadType) {
        EventEnvelope<T> envelope = decodeInOnePass(json, payloadType);
        return envelope != null ? envelope : decodeFromTree(json, payloadType);
    }

    /** Decodes a bare payload, such as a tick a provider sends without an envelope. */
    public <T extends EventPayload> T decodePayload(byte[] json, Class<T> payloadType) {
        if (fitsOnePass(json)) {
            try {
                T payload = onePass.get(payloadType).payload().readValue(json);
                if (payload != null) {
                    return payload;
                }
            } catch (IOException | RuntimeException e) {
                // not accepted in one pass: the tree path below names the problem
            }
        }
        return payloadFromTree(readTree(json), payloadType);
    }

    /** The typed envelope the slow way: tree first, then its parts; the reference for what is accepted and why not. */
    @SuppressWarnings("unchecked")
    <T extends EventPayload> EventEnvelope<T> decodeFromTree(byte[] json, Class<T> payloadType) {
        EventEnvelope<?> envelope = decode(json);
        if (!payloadType.isInstance(envelope.data())) {
            throw EventValidationException.invalid("eventType", "expected " + wireNameOf(payloadType)
                    + " but was " + envelope.eventType().wireName());
        }
        return (EventEnvelope<T>) envelope;
    }

    /**
     * Binds the whole envelope, payload included, in one pass. Returns null for any document it does
     * not accept as it is (wrong or unknown event type, missing field, bad value, syntax), leaving
     * the verdict and the error message to {@link #decodeFromTree}.
     */
    <T extends EventPayload> EventEnvelope<T> decodeInOnePass(byte[] json, Class<T> payloadType) {
        OnePass readers = onePass.get(payloadType);
        if (readers.eventType() == null || !fitsOnePass(json)) {
            return null;
        }
        try {
            TypedEnvelope<T> typed = readers.envelope().readValue(json);
            if (typed == null || typed.data() == null || typed.schemaVersion() == null
                    || !readers.eventType().wireName().equals(typed.eventType())) {
                return null;
            }
            return new EventEnvelope<>(typed.eventId(), readers.eventType(), typed.timestamp(), typed.source(),
                    typed.schemaVersion(), typed.data());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private boolean fitsOnePass(byte[] json) {
        return json != null && json.length > 0 && json.length <= maxBytes;
    }

    /** Parses a document into a tree, checking only size and syntax; for inputs that hold several items. */
    public JsonNode readTree(byte[] json) {
        if (json == null || json.length == 0) {
            throw new EventValidationException(EventValidationException.Code.MALFORMED_JSON, "$", "document is empty");
        }
        if (json.length > maxBytes) {
            throw tooLarge(json.length);
        }
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw new EventValidationException(EventValidationException.Code.MALFORMED_JSON, "$", "document is empty");
            }
            return tree;
        } catch (IOException e) {
            throw JacksonErrors.translateSyntax(e);
        }
    }

    public JsonNode readTree(String json) {
        if (json != null && json.length() > maxBytes) {
            throw tooLarge(json.getBytes(StandardCharsets.UTF_8).length);
        }
        return readTree(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Converts one item of a parsed document; errors name fields relative to that item. */
    public <T extends EventPayload> T payloadFromTree(JsonNode node, Class<T> payloadType) {
        if (node == null || node.isNull()) {
            throw EventValidationException.missing("$");
        }
        if (!node.isObject()) {
            throw EventValidationException.invalid("$", "must be a JSON object but was " + node.getNodeType().name().toLowerCase());
        }
        try {
            return mapper.treeToValue(node, payloadType);
        } catch (IOException | IllegalArgumentException e) {
            throw JacksonErrors.translate(e);
        }
    }

    public EventEnvelope<?> envelopeFromTree(JsonNode root) {
        if (!root.isObject()) {
            throw EventValidationException.invalid("$", "must be a JSON object but was " + root.getNodeType().name().toLowerCase());
        }
        EventType type = eventTypeOf(root.get("eventType"));
        EventPayload data;
        try {
            data = payloadFromTree(root.get("data"), type.payloadType());
        } catch (EventValidationException e) {
            throw e.under("data");
        }
        EnvelopeFields fields;
        try {
            fields = mapper.treeToValue(root, EnvelopeFields.class);
        } catch (IOException | IllegalArgumentException e) {
            throw JacksonErrors.translate(e);
        }
        if (fields.schemaVersion() == null) {
            throw EventValidationException.missing("schemaVersion");
        }
        return new EventEnvelope<>(fields.eventId(), type, fields.timestamp(), fields.source(), fields.schemaVersion(), data);
    }

    private static EventType eventTypeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            throw EventValidationException.missing("eventType");
        }
        if (!node.isTextual()) {
            throw EventValidationException.invalid("eventType", "must be a string");
        }
        return EventType.fromWireName(node.textValue()).orElseThrow(() -> new EventValidationException(
                EventValidationException.Code.UNKNOWN_EVENT_TYPE, "eventType",
                "'" + node.textValue() + "' is not an event type; known types are " + EventType.wireNames()));
    }

    private static String wireNameOf(Class<? extends EventPayload> payloadType) {
        EventType type = eventTypeCarrying(payloadType);
        return type == null ? payloadType.getSimpleName() : type.wireName();
    }

    private static EventType eventTypeCarrying(Class<?> payloadType) {
        for (EventType type : EventType.values()) {
            if (type.payloadType() == payloadType) {
                return type;
            }
        }
        return null;
    }

    private EventValidationException tooLarge(int size) {
        return new EventValidationException(EventValidationException.Code.PAYLOAD_TOO_LARGE, "$",
                "document of " + size + " bytes exceeds the limit of " + maxBytes + " bytes");
    }

    /** The readers of the one-pass decoding of one payload type, and the event type its envelopes declare (null if none). */
    private record OnePass(ObjectReader envelope, ObjectReader payload, EventType eventType) {
    }

    /** A whole envelope bound in one pass, its {@code data} typed as the expected payload. */
    private record TypedEnvelope<T>(
            UUID eventId, String eventType, Instant timestamp, String source, Integer schemaVersion, T data) {
    }

    /** The envelope's own fields; {@code data} is read separately once the event type is known. */
    private record EnvelopeFields(
            UUID eventId, String eventType, Instant timestamp, String source, Integer schemaVersion, JsonNode data) {
    }
}

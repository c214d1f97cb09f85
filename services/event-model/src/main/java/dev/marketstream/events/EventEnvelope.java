package dev.marketstream.events;

import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.notBlank;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.marketstream.events.codec.EventValidationException;
import java.time.Instant;
import java.util.UUID;

/**
 * What travels on every topic: an identified, timestamped, versioned wrapper around one payload.
 * Trace context does not live here but in the Kafka record headers (see
 * {@link dev.marketstream.events.kafka.TraceHeaders}).
 *
 * @param eventId unique id; consumers use it as the idempotency key
 * @param eventType what {@code data} holds
 * @param timestamp when the event was created (ISO-8601 instant on the wire)
 * @param source the service or provider that created it
 * @param schemaVersion version of the envelope and payload schema
 * @param data the payload
 */
@JsonPropertyOrder({"eventId", "eventType", "timestamp", "source", "schemaVersion", "data"})
public record EventEnvelope<T extends EventPayload>(
        UUID eventId, EventType eventType, Instant timestamp, String source, int schemaVersion, T data) {

    /** The schema version this library writes and the newest it reads. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    public EventEnvelope {
        required(eventId, "eventId");
        required(eventType, "eventType");
        required(timestamp, "timestamp");
        notBlank(source, "source");
        if (schemaVersion < 1 || schemaVersion > CURRENT_SCHEMA_VERSION) {
            throw EventValidationException.invalid("schemaVersion",
                    "must be between 1 and " + CURRENT_SCHEMA_VERSION + " but was " + schemaVersion);
        }
        required(data, "data");
        if (!eventType.payloadType().isInstance(data)) {
            throw EventValidationException.invalid("data",
                    "holds a " + data.getClass().getSimpleName() + " but eventType " + eventType.wireName()
                            + " needs a " + eventType.payloadType().getSimpleName());
        }
    }

    /** A new event with a fresh id, created now. */
    public static <T extends EventPayload> EventEnvelope<T> of(String source, T data) {
        return of(source, Instant.now(), data);
    }

    /** A new event with a fresh id and the given creation time. */
    public static <T extends EventPayload> EventEnvelope<T> of(String source, Instant timestamp, T data) {
        required(data, "data");
        return new EventEnvelope<>(UUID.randomUUID(), EventType.of(data), timestamp, source,
                CURRENT_SCHEMA_VERSION, data);
    }

    /** The same event identity with another payload; used when a processor derives an event from this one. */
    public <R extends EventPayload> EventEnvelope<R> derive(String source, R newData) {
        return new EventEnvelope<>(eventId, EventType.of(newData), timestamp, source, schemaVersion, newData);
    }

    public String partitionKey() {
        return data.partitionKey();
    }
}

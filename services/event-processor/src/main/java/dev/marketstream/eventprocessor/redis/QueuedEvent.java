package dev.marketstream.eventprocessor.redis;

import dev.marketstream.events.TraceContext;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the user-event stream. Fields: {@code event_id}, {@code key} (the Kafka partition key),
 * {@code event} (the encoded envelope), {@code origin} ({@code topic/partition/offset}), {@code traceparent} when the
 * event is traced and, once re-driven, {@code redrives}. Anything else may have written the entry, so every field is optional here.
 */
public record QueuedEvent(String entryId, Map<String, String> fields) {

    /** Stream order: by the entry id's milliseconds, then its sequence number. */
    public static final Comparator<QueuedEvent> STREAM_ORDER = Comparator
            .comparingLong((QueuedEvent e) -> idPart(e.entryId(), 0))
            .thenComparingLong(e -> idPart(e.entryId(), 1));

    public QueuedEvent {
        fields = new LinkedHashMap<>(fields);
    }

    public Optional<String> eventId() {
        return Optional.ofNullable(fields.get("event_id"));
    }

    /** The ordering key; entries without one are ordered on their own. */
    public String key() {
        return fields.getOrDefault("key", "");
    }

    public Optional<String> event() {
        return Optional.ofNullable(fields.get("event"));
    }

    /**
     * The W3C {@code traceparent} of the event's ingest span, or null when it is not traced or the field is not a valid
     * one (it is written verbatim into the delivery message).
     */
    public String traceparent() {
        String traceparent = fields.get("traceparent");
        return TraceContext.fromTraceparent(traceparent) == null ? null : traceparent;
    }

    public String origin() {
        return fields.getOrDefault("origin", "");
    }

    private static long idPart(String entryId, int part) {
        String[] parts = entryId.split("-", 2);
        return part < parts.length ? Long.parseLong(parts[part]) : 0;
    }
}

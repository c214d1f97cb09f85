package dev.marketstream.userevents.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the user-event stream. Fields: {@code event_id}, {@code key} (the Kafka partition key),
 * {@code event} (the encoded envelope), {@code origin} ({@code topic/partition/offset}) and, once
 * re-driven, {@code redrives}. Anything else may have written the entry, so every field is optional here.
 */
public record QueuedEvent(String entryId, Map<String, String> fields) {

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

    public String origin() {
        return fields.getOrDefault("origin", "");
    }
}

package dev.marketstream.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The {@code data} part of an {@link EventEnvelope}. Every payload record validates itself in its
 * constructor, so an instance is always complete and within range.
 */
public interface EventPayload {

    /** The Kafka record key: the symbol for market data, the user for user events. */
    @JsonIgnore
    String partitionKey();
}

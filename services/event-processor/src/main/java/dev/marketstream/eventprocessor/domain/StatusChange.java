package dev.marketstream.eventprocessor.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One status change of one event, on its way to {@code event_processing_log}.
 *
 * @param retryCount failed deliveries so far
 * @param error the last error, or {@code null}
 * @param streamEntryId the Redis stream entry carrying the event, or {@code null}
 * @param at when the change happened; a row never goes back to an older change
 */
public record StatusChange(UUID eventId, String eventType, String sourceTopic, String partitionKey,
        ProcessingStatus status, int retryCount, String error, String streamEntryId, Instant at) {

    public static final int MAX_ERROR_LENGTH = 2_000;

    public StatusChange {
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
    }
}

package dev.marketstream.eventprocessor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The state of one replay job, as {@code GET /api/v1/streams/replay/{id}} reports it.
 *
 * @param status {@code running}, {@code completed}, {@code failed}, or {@code abandoned} (its pod stopped reporting)
 * @param recordsScanned records read from the topic's partitions within the offsets of the time range
 * @param eventsReplayed records copied to the target topic, or events delivered to the target user
 * @param eventsSkipped records in range but not replayed (not for the target user, or not a valid event)
 * @param progress share of the range's offsets read, 0 to 1
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayReport(String jobId, String status, String topic, Instant from, Instant to, String targetTopic,
        String targetUserId, long recordsScanned, long eventsReplayed, long eventsSkipped, double progress,
        Instant createdAt, Instant updatedAt, Instant finishedAt, String error) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABANDONED = "abandoned";

    public static ReplayReport started(String jobId, ReplayRequest request, Instant now) {
        return new ReplayReport(jobId, RUNNING, request.topic(), request.from(), request.to(), request.target().topic(),
                request.target().userId(), 0, 0, 0, 0, now, now, null, null);
    }

    public ReplayReport progressed(long scanned, long replayed, long skipped, double progress, Instant now) {
        return new ReplayReport(jobId, status, topic, from, to, targetTopic, targetUserId, scanned, replayed, skipped,
                progress, createdAt, now, finishedAt, error);
    }

    public ReplayReport completed(Instant now) {
        return new ReplayReport(jobId, COMPLETED, topic, from, to, targetTopic, targetUserId, recordsScanned,
                eventsReplayed, eventsSkipped, 1, createdAt, now, now, null);
    }

    public ReplayReport failed(String reason, Instant now) {
        return new ReplayReport(jobId, FAILED, topic, from, to, targetTopic, targetUserId, recordsScanned,
                eventsReplayed, eventsSkipped, progress, createdAt, now, now, reason);
    }

    /** This report as seen at {@code now}: a running job whose pod has been silent for {@code silence} is abandoned. */
    public ReplayReport asSeenAt(Instant now, java.time.Duration silence) {
        if (RUNNING.equals(status) && updatedAt.plus(silence).isBefore(now)) {
            return new ReplayReport(jobId, ABANDONED, topic, from, to, targetTopic, targetUserId, recordsScanned,
                    eventsReplayed, eventsSkipped, progress, createdAt, updatedAt, null,
                    "no progress reported since " + updatedAt + "; the pod running it probably stopped");
        }
        return this;
    }
}

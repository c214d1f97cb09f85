package dev.marketstream.eventprocessor.redis;

import dev.marketstream.events.redis.RedisKeys;

/**
 * Redis names internal to the event-processor (the shared ones are in {@link RedisKeys}). Listed in
 * the Redis table of {@code docs/architecture.md}.
 */
public final class StreamKeys {

    /** Stream of ingested user events (portfolio updates, alerts, notifications) awaiting delivery. */
    public static final String PORTFOLIO_UPDATES = RedisKeys.PREFIX + "portfolio-updates";
    /** Entries that failed delivery too often, with the error; re-driven by operators. */
    public static final String PORTFOLIO_UPDATES_DLQ = PORTFOLIO_UPDATES + ".dlq";
    /** Consumer group of the event-processor pods. */
    public static final String GROUP = "portfolio-processors";

    private static final String EP = RedisKeys.PREFIX + "event-processor:";

    private StreamKeys() {
    }

    /** String {@code queued:<entry>}, {@code delivered:<seqs>} or {@code dead_lettered:<dlq entry>}, with a TTL: the idempotency record of one event. */
    public static String eventState(String eventId) {
        return EP + "event:" + eventId;
    }

    /** The idempotency record of one event replayed by one job (a replay delivers an event again, once). */
    public static String replayState(String jobId, String eventId) {
        return EP + "replay:" + jobId + ":event:" + eventId;
    }

    /** List of the stream entry ids of one partition key not yet delivered, oldest first: the per-key order fence. */
    public static String orderQueue(String stream, String partitionKey) {
        return stream + ":key:" + partitionKey;
    }

    /** Hash entry id → failed deliveries so far. */
    public static String failures(String stream) {
        return stream + ":failures";
    }

    /** Hash describing one replay job. */
    public static String replayJob(String jobId) {
        return EP + "replay-job:" + jobId;
    }
}

package dev.marketstream.eventprocessor.redis;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import dev.marketstream.eventprocessor.domain.DeliveryPlan;
import dev.marketstream.events.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every Redis operation of the event pipeline, behind one shared circuit breaker ({@link RedisGuard}): when Redis stops
 * answering, callers fail fast with {@code CircuitBreakerOpenException} and back off instead of
 * piling up timeouts. Rejections of one entry ({@link RedisRejectedException}) do not open it.
 * Blocking methods are called from the stream workers' own threads, never from an event loop.
 *
 * <p>A {@code @Singleton}, built when it is injected, on the starting thread: built lazily from the stream consumer's
 * thread instead, it would create the Redis clients while Quarkus creates them on the main thread, which it does
 * without a lock (a {@code ConcurrentModificationException} failed a start that way).
 */
@Singleton
public class UserEventStore {

    private static final LuaScript INGEST = LuaScript.load("ingest");
    private static final LuaScript DELIVER = LuaScript.load("deliver");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript REDRIVE = LuaScript.load("redrive");

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final StreamCommands<String, String, String> streams;
    private final EventProcessorConfig config;

    public UserEventStore(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, EventProcessorConfig config) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        // Resolves both data sources now, on the starting thread (see above).
        this.streams = redis.stream(String.class, String.class, String.class);
        reactiveRedis.getRedis();
        this.config = config;
    }

    /** One Kafka record to append to the stream; {@code traceparent} is null unless the record is traced. */
    public record Ingest(String eventId, String partitionKey, String encodedEvent, String origin, String traceparent) {
    }

    /** What ingest did: the stream's length afterwards, and the new entry id of each record ({@code null} if already seen). */
    public record Ingested(long streamLength, List<String> entryIds) {
    }

    /** Appends records to the stream in one atomic step, skipping event ids already queued, delivered or dead-lettered. */
    @ApplyGuard(RedisGuard.NAME)
    public Uni<Ingested> ingest(String stream, List<Ingest> records) {
        List<String> keys = new ArrayList<>(1 + 2 * records.size());
        List<String> args = new ArrayList<>(2 + 5 * records.size());
        keys.add(stream);
        args.add(Long.toString(ttlSeconds()));
        args.add(Integer.toString(records.size()));
        for (Ingest record : records) {
            keys.add(StreamKeys.eventState(record.eventId()));
            keys.add(StreamKeys.orderQueue(stream, record.partitionKey()));
            args.add(record.eventId());
            args.add(record.partitionKey());
            args.add(record.encodedEvent());
            args.add(record.origin());
            args.add(record.traceparent() == null ? "" : record.traceparent());
        }
        return INGEST.run(reactiveRedis, keys, args).map(reply -> {
            List<String> ids = new ArrayList<>(records.size());
            for (int i = 1; i < reply.size(); i++) {
                String id = reply.get(i).toString();
                ids.add(id.isEmpty() ? null : id);
            }
            return new Ingested(reply.get(0).toLong(), ids);
        });
    }

    /** The stream's length, for ingest backpressure. */
    @ApplyGuard(RedisGuard.NAME)
    public Uni<Long> streamLength(String stream) {
        return reactiveRedis.stream(String.class, String.class, String.class).xlen(stream);
    }

    /** A stream's length and, for one consumer group, entries read but not acknowledged and entries not read yet. */
    public record GroupBacklog(long length, long pending, long lag) {
    }

    /** The backlog of {@code group} on {@code stream} (XLEN and XINFO GROUPS); zeros for a group or stream not created yet. */
    @ApplyGuard(RedisGuard.NAME)
    public GroupBacklog backlog(String stream, String group) {
        long length = streams.xlen(stream);
        if (length == 0) {
            return new GroupBacklog(0, 0, 0);
        }
        for (Response info : redis.execute("XINFO", "GROUPS", stream)) {
            if (group.equals(info.get("name").toString())) {
                Response lag = info.get("lag");
                // Redis answers a nil lag when it cannot tell (after deletions); the length bounds it then.
                return new GroupBacklog(length, info.get("pending").toLong(), lag == null ? length : lag.toLong());
            }
        }
        return new GroupBacklog(length, 0, length);
    }

    /** The length of a stream (XLEN; 0 for one not created yet). */
    @ApplyGuard(RedisGuard.NAME)
    public long length(String stream) {
        return streams.xlen(stream);
    }

    /** Creates the consumer group (and the stream) unless they exist. */
    @ApplyGuard(RedisGuard.NAME)
    public void ensureGroup(String stream, String group) {
        try {
            redis.execute("XGROUP", "CREATE", stream, group, "0", "MKSTREAM");
        } catch (RuntimeException e) {
            if (!RedisReplies.isBusyGroup(e)) {
                throw e;
            }
        }
    }

    /** New entries for this consumer (XREADGROUP ... &gt;), waiting up to {@code block} when there are none. */
    @ApplyGuard(RedisGuard.NAME)
    public List<QueuedEvent> readNew(String stream, String group, String consumer, int count, Duration block) {
        XReadGroupArgs args = new XReadGroupArgs().count(count);
        if (!block.isZero()) {
            args.block(block);
        }
        return toEvents(streams.xreadgroup(group, consumer, stream, ">", args));
    }

    /** Takes over entries pending at any consumer for longer than {@code minIdle} (XAUTOCLAIM); returns them and the next cursor. */
    @ApplyGuard(RedisGuard.NAME)
    public Claimed claimStale(String stream, String group, String consumer, Duration minIdle, String cursor, int count) {
        ClaimedMessages<String, String, String> claimed = streams.xautoclaim(stream, group, consumer, minIdle, cursor, count);
        return new Claimed(claimed.getId(), toEvents(claimed.getMessages()));
    }

    /** Entries taken over by {@link #claimStale}, and where the next scan starts ({@code 0-0} once round). */
    public record Claimed(String nextCursor, List<QueuedEvent> events) {
    }

    @ApplyGuard(RedisGuard.NAME)
    public int acknowledge(String stream, String group, List<String> entryIds) {
        return entryIds.isEmpty() ? 0 : streams.xack(stream, group, entryIds.toArray(String[]::new));
    }

    /**
     * One event to deliver: its stream entry (or replay tag), idempotency key, order fence, encoded envelope, recipients
     * and the {@code traceparent} its history entries and Pub/Sub messages carry (null when it is not traced).
     */
    public record Delivery(String entryId, String stateKey, String queueKey, String encodedEvent, DeliveryPlan plan,
            String traceparent) {
    }

    /** Result of one delivery: the outcome, and the seqs given (or given earlier, for a duplicate), the entry ahead, or why Redis refused. */
    public record Delivered(DeliveryOutcome outcome, String detail) {
    }

    /**
     * The atomic delivery step for a batch of events, in order: for each event, unless its state says
     * delivered, gives it the next seq of each recipient, appends it to their history, publishes it on
     * their channel and, for alerts, counts it unread. An event waits (BLOCKED) while an earlier entry
     * of its fence is undelivered; one Redis refuses (REJECTED, e.g. a key of the wrong type) leaves
     * nothing behind and does not stop the others.
     *
     * @throws RedisRejectedException when Redis refuses the script as a whole
     */
    @ApplyGuard(RedisGuard.NAME)
    public List<Delivered> deliver(String failuresKey, List<Delivery> deliveries) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        keys.add(failuresKey);
        args.add(Long.toString(ttlSeconds()));
        args.add(Long.toString(config.delivery().historyMaxLength()));
        args.add(Integer.toString(deliveries.size()));
        for (Delivery delivery : deliveries) {
            DeliveryPlan plan = delivery.plan();
            keys.add(delivery.queueKey());
            keys.add(delivery.stateKey());
            List<String> channels = new ArrayList<>();
            if (plan.broadcast()) {
                keys.add(RedisKeys.BROADCAST_SEQ);
                keys.add(RedisKeys.BROADCAST_HISTORY);
                channels.add(RedisKeys.BROADCAST_CHANNEL);
            }
            for (String user : plan.users()) {
                keys.add(RedisKeys.userSeq(user));
                keys.add(RedisKeys.userHistory(user));
                channels.add(RedisKeys.userChannel(user));
            }
            if (plan.alert()) {
                keys.add(RedisKeys.unreadAlerts(plan.users().get(0)));
            }
            args.add(delivery.entryId());
            args.add(delivery.encodedEvent());
            args.add(delivery.traceparent() == null ? "" : delivery.traceparent());
            args.add(plan.alert() ? "1" : "0");
            args.add(Integer.toString(channels.size()));
            args.addAll(channels);
        }
        Response reply = rejectable(() -> DELIVER.run(redis, keys, args));
        List<Delivered> results = new ArrayList<>(deliveries.size());
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            results.add(new Delivered(DeliveryOutcome.valueOf(reply.get(i).toString()), reply.get(i + 1).toString()));
        }
        return results;
    }

    /** Result of recording a failure: FAILED (with the count so far) or DEAD_LETTERED (with the dead letter's id). */
    public record Failure(DeliveryOutcome outcome, int failures, String deadLetterId) {
    }

    /** Counts a failed delivery of the entry; at {@code maxFailures} moves it to the dead-letter stream and acknowledges it. */
    @ApplyGuard(RedisGuard.NAME)
    public Failure fail(String stream, String deadLetterStream, String group, String consumer, QueuedEvent entry,
            String error, int maxFailures) {
        String eventId = entry.eventId().orElse("unknown:" + entry.entryId());
        List<String> keys = List.of(stream, deadLetterStream, StreamKeys.failures(stream),
                StreamKeys.orderQueue(stream, entry.key()), StreamKeys.eventState(eventId));
        List<String> args = new ArrayList<>(List.of(entry.entryId(), group, Integer.toString(maxFailures), error,
                consumer, Long.toString(ttlSeconds())));
        entry.fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Response reply = FAIL.run(redis, keys, args);
        DeliveryOutcome outcome = DeliveryOutcome.valueOf(reply.get(0).toString());
        return new Failure(outcome, reply.get(1).toInteger(), outcome == DeliveryOutcome.DEAD_LETTERED ? reply.get(2).toString() : null);
    }

    /** The entry with this id, if the stream still holds it. */
    @ApplyGuard(RedisGuard.NAME)
    public List<QueuedEvent> range(String stream, String fromId, String toId, int count) {
        return toEvents(streams.xrange(stream, StreamRange.of(fromId, toId), count));
    }

    @ApplyGuard(RedisGuard.NAME)
    public void dropFromOrderQueue(String queueKey, String entryId) {
        redis.list(String.class).lrem(queueKey, 1, entryId);
    }

    /** Moves a dead letter back onto the stream; false if there is no such dead letter. */
    @ApplyGuard(RedisGuard.NAME)
    public String redrive(String deadLetterStream, String stream, QueuedEvent deadLetter) {
        String eventId = deadLetter.eventId().orElse("unknown:" + deadLetter.entryId());
        List<String> keys = List.of(deadLetterStream, stream, StreamKeys.eventState(eventId),
                StreamKeys.orderQueue(stream, deadLetter.key()));
        Response reply = REDRIVE.run(redis, keys, List.of(deadLetter.entryId(), Long.toString(ttlSeconds())));
        return "REDRIVEN".equals(reply.get(0).toString()) ? reply.get(1).toString() : null;
    }

    /**
     * Trims entries every group member has acknowledged: everything before the oldest pending entry,
     * or before the last entry handed out when none is pending.
     */
    @ApplyGuard(RedisGuard.NAME)
    public long trimAcknowledged(String stream, String group) {
        String oldestPending = streams.xpending(stream, group).getLowestId();
        String bound = oldestPending != null ? oldestPending : lastDeliveredId(stream, group);
        return bound == null ? 0 : streams.xtrim(stream, new io.quarkus.redis.datasource.stream.XTrimArgs().minid(bound));
    }

    /** Removes consumers that hold no entries and have been idle longer than {@code maxIdle}; returns their names. */
    @ApplyGuard(RedisGuard.NAME)
    public List<String> removeIdleConsumers(String stream, String group, Duration maxIdle) {
        List<String> removed = new ArrayList<>();
        for (Response consumer : redis.execute("XINFO", "CONSUMERS", stream, group)) {
            String name = consumer.get("name").toString();
            if (consumer.get("pending").toLong() == 0 && consumer.get("idle").toLong() > maxIdle.toMillis()) {
                streams.xgroupDelConsumer(stream, group, name);
                removed.add(name);
            }
        }
        return removed;
    }

    private String lastDeliveredId(String stream, String group) {
        for (Response info : redis.execute("XINFO", "GROUPS", stream)) {
            if (group.equals(info.get("name").toString())) {
                String last = info.get("last-delivered-id").toString();
                return "0-0".equals(last) ? null : last;
            }
        }
        return null;
    }

    private long ttlSeconds() {
        return config.delivery().idempotencyTtl().toSeconds();
    }

    private static Response rejectable(java.util.function.Supplier<Response> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (RedisReplies.isRejection(e)) {
                throw new RedisRejectedException(RedisReplies.errorReply(e).orElseThrow(), e);
            }
            throw e;
        }
    }

    private static List<QueuedEvent> toEvents(List<StreamMessage<String, String, String>> messages) {
        List<QueuedEvent> events = new ArrayList<>(messages.size());
        for (StreamMessage<String, String, String> message : messages) {
            events.add(new QueuedEvent(message.id(), message.payload() == null ? Map.of() : message.payload()));
        }
        return events;
    }
}

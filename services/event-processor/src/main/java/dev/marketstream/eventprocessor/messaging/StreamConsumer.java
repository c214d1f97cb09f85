package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import dev.marketstream.eventprocessor.domain.DeliveryPlan;
import dev.marketstream.eventprocessor.domain.ProcessingStatus;
import dev.marketstream.eventprocessor.domain.StatusChange;
import dev.marketstream.eventprocessor.redis.QueuedEvent;
import dev.marketstream.eventprocessor.redis.RedisRejectedException;
import dev.marketstream.eventprocessor.redis.StreamKeys;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One member of the consumer group: takes entries (new ones with XREADGROUP, stale ones of silent
 * members with XAUTOCLAIM, and its own that are due again), delivers them, then acknowledges. The
 * three steps are separate methods so a test can stop after the second, as a crash would.
 * Entries of one key are delivered in stream order; different keys in parallel on {@code executor}.
 * See {@code DESIGN.md} in {@code dev/marketstream/eventprocessor}.
 */
public class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);
    /** Events per atomic delivery call: one Redis round trip for many events. */
    static final int EVENTS_PER_CALL = 100;

    private final UserEventStore store;
    private final StreamSettings settings;
    private final EventCodec codec;
    private final ExecutorService executor;
    private final Consumer<StatusChange> processingLog;
    private final Consumer<DeliveryOutcome> outcomes;
    private final Clock clock;
    private final Map<String, Retry> retries = new LinkedHashMap<>();
    private String claimCursor = "0-0";
    private Instant nextClaim = Instant.MIN;

    public StreamConsumer(UserEventStore store, StreamSettings settings, EventCodec codec, ExecutorService executor,
            Consumer<StatusChange> processingLog, Consumer<DeliveryOutcome> outcomes, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.codec = codec;
        this.executor = executor;
        this.processingLog = processingLog;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** An entry kept to be tried again, and when. */
    private record Retry(QueuedEvent entry, Instant due) {
    }

    /** The outcome of one entry. */
    public record Result(QueuedEvent entry, DeliveryOutcome outcome) {
    }

    public String name() {
        return settings.consumer();
    }

    public void start() {
        store.ensureGroup(settings.stream(), settings.group());
    }

    /**
     * Step 1: the entries to work on now: own entries due again, then stale entries of other members
     * (every half visibility timeout), then new ones; blocks for new ones only when there is nothing else.
     */
    public List<QueuedEvent> take() {
        Map<String, QueuedEvent> work = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<Retry> due = new ArrayList<>();
        retries.values().removeIf(retry -> {
            if (retry.due().isAfter(now) || work.size() >= settings.batchSize()) {
                return false;
            }
            work.put(retry.entry().entryId(), retry.entry());
            due.add(retry);
            return true;
        });
        try {
            takeFromStream(work, now);
        } catch (RuntimeException e) {
            // Redis failed before the round could start: keep the due entries, or they would wait for XAUTOCLAIM's
            // visibility timeout, and every later event of their users behind them in the order fence.
            due.forEach(retry -> retries.putIfAbsent(retry.entry().entryId(), retry));
            throw e;
        }
        return List.copyOf(work.values());
    }

    private void takeFromStream(Map<String, QueuedEvent> work, Instant now) {
        if (!now.isBefore(nextClaim)) {
            UserEventStore.Claimed claimed = store.claimStale(settings.stream(), settings.group(), settings.consumer(),
                    settings.visibilityTimeout(), claimCursor, settings.batchSize());
            claimCursor = claimed.nextCursor();
            claimed.events().forEach(entry -> work.putIfAbsent(entry.entryId(), entry));
            if ("0-0".equals(claimCursor)) {
                nextClaim = now.plus(settings.visibilityTimeout().dividedBy(2));
            }
            if (!claimed.events().isEmpty()) {
                LOG.infof("%s took over %d stale entries", settings.consumer(), claimed.events().size());
            }
        }
        boolean idle = work.isEmpty() && retries.isEmpty();
        store.readNew(settings.stream(), settings.group(), settings.consumer(), settings.batchSize(),
                        idle ? settings.readBlock() : java.time.Duration.ZERO)
                .forEach(entry -> work.putIfAbsent(entry.entryId(), entry));
    }

    /**
     * Step 2: delivers the entries. Keys are spread over {@code parallelism} lanes run in parallel; a
     * lane sends its entries in stream order, up to {@value #EVENTS_PER_CALL} per atomic Redis call.
     */
    public List<Result> deliver(List<QueuedEvent> entries) {
        List<List<QueuedEvent>> lanes = new ArrayList<>();
        for (int i = 0; i < settings.parallelism(); i++) {
            lanes.add(new ArrayList<>());
        }
        entries.stream().sorted(QueuedEvent.STREAM_ORDER)
                .forEach(entry -> lanes.get(Math.floorMod(entry.key().hashCode(), lanes.size())).add(entry));
        List<Future<List<Result>>> running = new ArrayList<>(lanes.size());
        for (List<QueuedEvent> lane : lanes) {
            if (!lane.isEmpty()) {
                Callable<List<Result>> task = () -> deliverLane(lane);
                running.add(executor.submit(task));
            }
        }
        List<Result> results = new ArrayList<>(entries.size());
        for (Future<List<Result>> future : running) {
            try {
                results.addAll(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while delivering", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("delivery task failed", e.getCause());
            }
        }
        return results;
    }

    /**
     * Step 3: acknowledges delivered entries and keeps the others to try again. If the XACK itself
     * fails, the delivered entries are kept too: tried again, they come back as duplicates and are
     * acknowledged then.
     */
    public void acknowledge(List<Result> results) {
        Instant due = clock.instant().plus(settings.retryDelay());
        for (Result result : results) {
            outcomes.accept(result.outcome());
            if (result.outcome().retry()) {
                retries.put(result.entry().entryId(), new Retry(result.entry(), due));
            } else {
                retries.remove(result.entry().entryId());
            }
        }
        List<Result> done = results.stream().filter(r -> r.outcome().acknowledge()).toList();
        try {
            store.acknowledge(settings.stream(), settings.group(), done.stream().map(r -> r.entry().entryId()).toList());
        } catch (RuntimeException e) {
            done.forEach(r -> retries.put(r.entry().entryId(), new Retry(r.entry(), due)));
            throw e;
        }
    }

    /** One round: take, deliver, acknowledge. Returns how many entries it worked on. */
    public int runOnce() {
        List<QueuedEvent> entries = take();
        if (!entries.isEmpty()) {
            List<Result> results;
            try {
                results = deliver(entries);
            } catch (RuntimeException e) {
                // e.g. Redis gone while a lane looked at an order fence: try them all again (delivery is idempotent)
                Instant due = clock.instant().plus(settings.retryDelay());
                entries.forEach(entry -> retries.putIfAbsent(entry.entryId(), new Retry(entry, due)));
                throw e;
            }
            acknowledge(results);
        }
        return entries.size();
    }

    /** Entries held for another try. */
    public int retrying() {
        return retries.size();
    }

    /** An entry decoded and ready for the delivery step. */
    private record Ready(QueuedEvent entry, EventEnvelope<?> event, UserEventStore.Delivery delivery) {
    }

    private List<Result> deliverLane(List<QueuedEvent> entries) {
        List<Result> results = new ArrayList<>(entries.size());
        List<Ready> ready = new ArrayList<>(entries.size());
        for (QueuedEvent entry : entries) {
            try {
                ready.add(prepare(entry));
            } catch (EventValidationException e) {
                // its later entries of the same key wait behind it in the fence until it is dead-lettered
                results.add(new Result(entry, failed(entry, null, "undecodable entry: " + e.getMessage())));
            }
        }
        for (int from = 0; from < ready.size(); from += EVENTS_PER_CALL) {
            results.addAll(deliverBatch(ready.subList(from, Math.min(ready.size(), from + EVENTS_PER_CALL))));
        }
        return results;
    }

    private Ready prepare(QueuedEvent entry) {
        String encoded = entry.event().orElseThrow(() -> EventValidationException.missing("event"));
        EventEnvelope<?> event = codec.decode(encoded.getBytes(StandardCharsets.UTF_8));
        String eventId = entry.eventId().orElseThrow(() -> EventValidationException.missing("event_id"));
        if (!eventId.equals(event.eventId().toString())) {
            throw EventValidationException.invalid("event_id", "does not match the event's eventId " + event.eventId());
        }
        DeliveryPlan plan = DeliveryPlan.of(event).orElseThrow(() -> EventValidationException.invalid("event",
                event.eventType().wireName() + " is not a user event"));
        return new Ready(entry, event, new UserEventStore.Delivery(entry.entryId(), StreamKeys.eventState(eventId),
                StreamKeys.orderQueue(settings.stream(), entry.key()), encoded, plan, entry.traceparent()));
    }

    private List<Result> deliverBatch(List<Ready> batch) {
        List<UserEventStore.Delivered> delivered;
        try {
            delivered = store.deliver(StreamKeys.failures(settings.stream()), batch.stream().map(Ready::delivery).toList());
        } catch (RedisRejectedException e) {
            if (batch.size() == 1) {
                return List.of(new Result(batch.get(0).entry(), failed(batch.get(0).entry(), batch.get(0).event(), e.getMessage())));
            }
            // Redis refused the batch as a whole: find the culprit by delivering one at a time
            List<Result> results = new ArrayList<>(batch.size());
            batch.forEach(one -> results.addAll(deliverBatch(List.of(one))));
            return results;
        } catch (RuntimeException e) {
            LOG.debugf(e, "%s could not reach Redis", settings.consumer());
            return batch.stream().map(r -> new Result(r.entry(), DeliveryOutcome.UNAVAILABLE)).toList();
        }
        List<Result> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Ready ready = batch.get(i);
            UserEventStore.Delivered outcome = delivered.get(i);
            results.add(new Result(ready.entry(), switch (outcome.outcome()) {
                case DELIVERED -> {
                    log(ready.entry(), ready.event(), ProcessingStatus.PROCESSED, 0, null);
                    yield DeliveryOutcome.DELIVERED;
                }
                case BLOCKED -> {
                    releaseVanishedHead(ready.entry(), outcome.detail());
                    yield DeliveryOutcome.BLOCKED;
                }
                case REJECTED -> failed(ready.entry(), ready.event(), outcome.detail());
                default -> outcome.outcome();
            }));
        }
        return results;
    }

    /** An order fence whose head entry is gone from the stream (trimmed, deleted) would hold its key forever: drop it. */
    private void releaseVanishedHead(QueuedEvent entry, String head) {
        if (store.range(settings.stream(), head, head, 1).isEmpty()) {
            LOG.warnf("dropping vanished entry %s from the order fence of key %s", head, entry.key());
            store.dropFromOrderQueue(StreamKeys.orderQueue(settings.stream(), entry.key()), head);
        }
    }

    private DeliveryOutcome failed(QueuedEvent entry, EventEnvelope<?> event, String error) {
        try {
            UserEventStore.Failure failure = store.fail(settings.stream(), settings.deadLetterStream(), settings.group(),
                    settings.consumer(), entry, error, settings.maxFailures());
            if (failure.outcome() == DeliveryOutcome.DEAD_LETTERED) {
                LOG.warnf("entry %s (event %s) dead-lettered as %s after %d failures: %s", entry.entryId(),
                        entry.eventId().orElse("?"), failure.deadLetterId(), failure.failures(), error);
                log(entry, event, ProcessingStatus.DEAD_LETTERED, failure.failures(), error);
            } else {
                log(entry, event, ProcessingStatus.FAILED, failure.failures(), error);
            }
            return failure.outcome();
        } catch (RuntimeException e) {
            // the entry stays pending and is retried; the caller counts the round as unavailable
            LOG.debugf(e, "%s could not record the failure of entry %s", settings.consumer(), entry.entryId());
            return DeliveryOutcome.UNAVAILABLE;
        }
    }

    private void log(QueuedEvent entry, EventEnvelope<?> event, ProcessingStatus status, int retries, String error) {
        UUID eventId = event != null ? event.eventId() : entry.eventId().flatMap(StreamConsumer::uuid).orElse(null);
        if (eventId == null) {
            return; // nothing to key the row on; the dead-letter stream still has the entry
        }
        String type = event != null ? event.eventType().wireName() : "unknown";
        String topic = entry.origin().contains("/") ? entry.origin().substring(0, entry.origin().indexOf('/')) : "unknown";
        processingLog.accept(new StatusChange(eventId, type, topic, entry.key(), status, retries, error, entry.entryId(),
                clock.instant()));
    }

    private static java.util.Optional<UUID> uuid(String text) {
        try {
            return java.util.Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}

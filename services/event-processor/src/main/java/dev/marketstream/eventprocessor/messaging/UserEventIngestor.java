package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.ProcessingStatus;
import dev.marketstream.eventprocessor.domain.StatusChange;
import dev.marketstream.eventprocessor.persistence.ProcessingLogWriter;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventType;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka to the Redis stream. Each poll's records are decoded strictly; invalid ones go to the topic's
 * DLQ, valid ones are appended to the stream in one atomic, idempotent Redis step (a record Kafka
 * delivers again after a crash is recognised by its event id). The batch is acknowledged, and its
 * offsets committed, only after that: while Redis is down the step is retried with back-off, the
 * connector's queue fills up and it pauses the partitions, so nothing is committed and nothing is lost.
 *
 * <p>A record with a sampled W3C {@code traceparent} gets a span that lasts until it is in the stream, and its entry
 * keeps that span's {@code traceparent} for the delivery (docs/operations.md, "Tracing"); other records cost one
 * header lookup and their entries carry nothing.
 */
@ApplicationScoped
public class UserEventIngestor {

    private static final Logger LOG = Logger.getLogger(UserEventIngestor.class);
    private static final int MAX_EVENTS_PER_CALL = 500;
    private static final Map<String, EventType> EXPECTED_TYPE = Map.of(
            Topics.USER_EVENTS, EventType.PORTFOLIO_UPDATE,
            Topics.TRADING_ALERTS, EventType.TRADING_ALERT,
            Topics.SYSTEM_NOTIFICATIONS, EventType.SYSTEM_NOTIFICATION);

    private final UserEventStore store;
    private final DeadLetterPublisher deadLetters;
    private final ProcessingLogWriter processingLog;
    private final EventProcessorConfig config;
    private final EventCodec codec = new EventCodec();
    private final RecordTracing tracing;
    private final Counter ingested;
    private final Counter duplicates;
    private final Counter invalid;
    private volatile boolean stopping;

    public UserEventIngestor(UserEventStore store, DeadLetterPublisher deadLetters, ProcessingLogWriter processingLog,
            EventProcessorConfig config, MeterRegistry registry, OpenTelemetry openTelemetry) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.processingLog = processingLog;
        this.config = config;
        this.tracing = new RecordTracing(openTelemetry, "event-processor");
        this.ingested = registry.counter("marketstream.eventprocessor.events.ingested");
        this.duplicates = registry.counter("marketstream.eventprocessor.events.duplicate");
        this.invalid = registry.counter("marketstream.eventprocessor.events.invalid");
    }

    /** Stops holding batches for Redis, so shutdown is not kept waiting (the batch stays uncommitted). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(Topics.USER_EVENTS)
    public Uni<Void> userEvents(ConsumerRecords<String, byte[]> records) {
        return ingest(records);
    }

    @Incoming(Topics.TRADING_ALERTS)
    public Uni<Void> tradingAlerts(ConsumerRecords<String, byte[]> records) {
        return ingest(records);
    }

    @Incoming(Topics.SYSTEM_NOTIFICATIONS)
    public Uni<Void> systemNotifications(ConsumerRecords<String, byte[]> records) {
        return ingest(records);
    }

    /** A valid record on its way to the stream; {@code span} is its processing span when the record is traced, else null. */
    private record Accepted(ConsumerRecord<String, byte[]> record, EventEnvelope<?> event, String encoded, Span span) {

        /** The {@code traceparent} its stream entry carries on to the delivery, or null. */
        String traceparent() {
            return span == null ? null : RecordTracing.traceparentValue(span);
        }
    }

    Uni<Void> ingest(ConsumerRecords<String, byte[]> records) {
        List<Accepted> accepted = new ArrayList<>(records.count());
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EventEnvelope<?> event = decode(record);
                accepted.add(new Accepted(record, event, new String(codec.encode(event), StandardCharsets.UTF_8),
                        tracing.startProcess(record.topic(), TraceHeaders.traceparent(record.headers()))));
            } catch (EventValidationException e) {
                invalid.increment();
                LOG.debugf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                rejected.add(deadLetters.send(record, e));
            }
        }
        Uni<Void> deadLettered = rejected.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> Multi.createFrom().iterable(chunks(accepted))
                .onItem().transformToUniAndConcatenate(this::appendUntilDone)
                .collect().last()
                .replaceWithVoid());
    }

    private EventEnvelope<?> decode(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event = codec.decode(record.value());
        EventType expected = EXPECTED_TYPE.get(record.topic());
        if (expected != null && event.eventType() != expected) {
            throw EventValidationException.invalid("eventType", "topic " + record.topic() + " carries "
                    + expected.wireName() + " events but this is " + event.eventType().wireName());
        }
        return event;
    }

    /** Appends one chunk, retrying until Redis takes it; then waits while the stream's backlog is over the limit. */
    private Uni<Void> appendUntilDone(List<Accepted> chunk) {
        String stream = config.stream().key();
        List<UserEventStore.Ingest> items = chunk.stream().map(a -> new UserEventStore.Ingest(a.event().eventId().toString(),
                a.event().partitionKey(), a.encoded(), a.record().topic() + "/" + a.record().partition() + "/" + a.record().offset(),
                a.traceparent()))
                .toList();
        return Uni.createFrom().deferred(() -> store.ingest(stream, items))
                .onFailure().invoke(e -> LOG.warnf("cannot append %d events to %s, holding them and retrying: %s",
                        items.size(), stream, e.toString()))
                .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .invoke(result -> logPending(chunk, result))
                .chain(result -> result.streamLength() > config.stream().maxBacklog() ? waitForBacklog(stream) : Uni.createFrom().voidItem());
    }

    private Uni<Void> waitForBacklog(String stream) {
        LOG.infof("%s holds more than %d entries; pausing ingest", stream, config.stream().maxBacklog());
        return Uni.createFrom().deferred(() -> store.streamLength(stream))
                .onItem().transformToUni(length -> length > config.stream().maxBacklog()
                        ? Uni.createFrom().<Void>failure(new IllegalStateException("backlog " + length))
                        : Uni.createFrom().voidItem())
                .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).indefinitely();
    }

    private void logPending(List<Accepted> chunk, UserEventStore.Ingested result) {
        Instant now = Instant.now();
        for (int i = 0; i < chunk.size(); i++) {
            Accepted a = chunk.get(i);
            if (a.span() != null) {
                a.span().end();
            }
            String entryId = result.entryIds().get(i);
            if (entryId == null) {
                duplicates.increment();
                continue;
            }
            ingested.increment();
            processingLog.record(new StatusChange(a.event().eventId(), a.event().eventType().wireName(), a.record().topic(),
                    a.event().partitionKey(), ProcessingStatus.PENDING, 0, null, entryId, now));
        }
    }

    private static List<List<Accepted>> chunks(List<Accepted> all) {
        List<List<Accepted>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_EVENTS_PER_CALL) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_EVENTS_PER_CALL)));
        }
        return chunks;
    }
}

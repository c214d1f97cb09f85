package dev.marketstream.ingest.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.ingest.config.IngestConfig;
import dev.marketstream.ingest.domain.ParsedBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The one way into {@code market-data-raw}: wraps valid ticks in envelopes keyed by symbol, sends
 * invalid items to {@code market-data-raw.dlq} with the reason in headers, both in the same
 * transaction, and completes only once Kafka has committed them. The in-flight buffer is bounded: a
 * batch that does not fit is refused at once with {@link IngestUnavailableException}, never queued.
 */
@ApplicationScoped
public class TickPublisher {

    /** Seconds a provider should wait after a refusal caused by a full buffer or a failed send. */
    static final long RETRY_AFTER_BUSY = 1;
    /** Seconds a provider should wait while the circuit is open (its delay). */
    static final long RETRY_AFTER_OPEN = 5;

    private static final String DLQ = Topics.dlq(Topics.MARKET_DATA_RAW);

    private final TransactionalSender sender;
    private final CircuitBreakerMaintenance breakers;
    private final EventCodec codec = new EventCodec();
    private final Semaphore inFlight;
    private final int capacity;
    private final MeterRegistry meters;

    public TickPublisher(TransactionalSender sender, CircuitBreakerMaintenance breakers, IngestConfig config,
            MeterRegistry meters) {
        this.sender = sender;
        this.breakers = breakers;
        this.capacity = config.maxInFlightRecords();
        this.inFlight = new Semaphore(capacity);
        this.meters = meters;
        meters.gauge("ingest.inflight.records", inFlight, s -> capacity - s.availablePermits());
    }

    /**
     * Publishes a parsed batch from {@code source}: its valid ticks to the raw topic and its rejected
     * items to the DLQ, atomically. Fails with {@link IngestUnavailableException} when nothing was published.
     */
    public Uni<Void> publish(String source, ParsedBatch batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
        Instant now = Instant.now();
        for (MarketTick tick : batch.valid()) {
            records.add(envelopeRecord(Topics.MARKET_DATA_RAW, EventEnvelope.of(source, now, tick)));
        }
        for (ParsedBatch.Rejected rejected : batch.rejected()) {
            records.add(deadLetter(rejected));
        }
        return send(source, records)
                .invoke(() -> {
                    meters.counter("ingest.ticks", "outcome", "accepted", "source", source).increment(batch.valid().size());
                    meters.counter("ingest.ticks", "outcome", "rejected", "source", source).increment(batch.rejected().size());
                });
    }

    /** Publishes any envelopes (such as reference data) to a topic, keyed by their partition key, in one transaction. */
    public Uni<Void> publishEnvelopes(String source, String topic, List<? extends EventEnvelope<? extends EventPayload>> envelopes) {
        return send(source, envelopes.stream().<ProducerRecord<String, byte[]>>map(e -> envelopeRecord(topic, e)).toList());
    }

    /** Records that may still be added before the buffer is full. */
    public int freeCapacity() {
        return inFlight.availablePermits();
    }

    private Uni<Void> send(String source, List<ProducerRecord<String, byte[]>> records) {
        int permits = Math.min(records.size(), capacity);
        if (!inFlight.tryAcquire(permits)) {
            meters.counter("ingest.refused", "reason", "buffer-full").increment();
            return Uni.createFrom().failure(new IngestUnavailableException(
                    "the ingest buffer is full (" + capacity + " records in flight); retry shortly", RETRY_AFTER_BUSY, null));
        }
        return Uni.createFrom().completionStage(() -> sender.send(source, records))
                .onTermination().invoke(() -> inFlight.release(permits))
                .onFailure().transform(this::unavailable);
    }

    private Throwable unavailable(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            meters.counter("ingest.refused", "reason", "circuit-open").increment();
            return new IngestUnavailableException("Kafka is unavailable (circuit " + CircuitBreakers.KAFKA_SEND + " is "
                    + breakers.currentState(CircuitBreakers.KAFKA_SEND).name().toLowerCase() + "); retry later",
                    RETRY_AFTER_OPEN, failure);
        }
        meters.counter("ingest.refused", "reason", "kafka-error").increment();
        return new IngestUnavailableException("Kafka did not take the batch (" + failure.getClass().getSimpleName()
                + "); nothing of it was published, retry shortly", RETRY_AFTER_BUSY, failure);
    }

    private ProducerRecord<String, byte[]> envelopeRecord(String topic, EventEnvelope<?> envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.partitionKey(), codec.encode(envelope));
        TraceHeaders.write(record.headers(), TraceContext.newTrace());
        return record;
    }

    private ProducerRecord<String, byte[]> deadLetter(ParsedBatch.Rejected rejected) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(DLQ, null, rejected.raw());
        DeadLetterHeaders.write(record.headers(), Topics.MARKET_DATA_RAW, -1, -1, rejected.cause());
        TraceHeaders.write(record.headers(), TraceContext.newTrace());
        return record;
    }
}

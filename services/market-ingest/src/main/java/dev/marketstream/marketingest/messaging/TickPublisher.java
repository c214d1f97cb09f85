package dev.marketstream.marketingest.messaging;

import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.ProviderTicks;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.marketingest.config.IngestConfig;
import dev.marketstream.marketingest.domain.BookSequences;
import dev.marketstream.marketingest.domain.MarketBatch;
import dev.marketstream.marketingest.domain.ParsedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The one way into {@code market-data-raw}: binary market records keyed by symbol, and the invalid items of
 * provider batches in {@code market-data-raw.dlq} with the reason in headers, both in the same transaction; a
 * publication completes only once Kafka has committed it. Each batch carries one trace, in every record's envelope.
 * A provider batch is one OpenTelemetry span (child of the provider's request when it sent a {@code traceparent});
 * when that span is sampled, every record of the batch also carries the W3C {@code traceparent} header so the
 * processor and the gateway continue the trace; unsampled records carry no header. The synthetic feed is not
 * traced (its envelope ids still correlate logs). The in-flight buffer is bounded: a batch that does not fit is
 * refused at once with {@link IngestUnavailableException}, never queued.
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
    private final BookSequences bookSequences = new BookSequences();
    private final Semaphore inFlight;
    private final int capacity;
    private final MeterRegistry meters;
    private final RecordTracing tracing;
    private final Counter refusedBufferFull;
    private final Counter refusedCircuitOpen;
    private final Counter refusedKafkaError;

    public TickPublisher(TransactionalSender sender, CircuitBreakerMaintenance breakers, IngestConfig config,
            MeterRegistry meters, OpenTelemetry openTelemetry) {
        this.sender = sender;
        this.breakers = breakers;
        this.capacity = config.maxInFlightRecords();
        this.inFlight = new Semaphore(capacity);
        this.meters = meters;
        this.tracing = new RecordTracing(openTelemetry, "market-ingest");
        meters.gauge("marketstream.ingest.inflight.records", inFlight, s -> capacity - s.availablePermits());
        // Registered now so that the alert on kafka-error refusals sees a zero before the first one.
        this.refusedBufferFull = meters.counter("marketstream.ingest.refused", "reason", "buffer-full");
        this.refusedCircuitOpen = meters.counter("marketstream.ingest.refused", "reason", "circuit-open");
        this.refusedKafkaError = meters.counter("marketstream.ingest.refused", "reason", "kafka-error");
    }

    /**
     * Publishes a parsed provider batch from {@code source}: each valid tick as a {@code Trade}, plus a
     * {@code BookUpdate} SNAPSHOT when it carries book levels, and its rejected items to the DLQ, atomically. Fails
     * with {@link IngestUnavailableException} when nothing was published.
     */
    public Uni<Void> publish(String source, ParsedBatch batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size() + batch.valid().size() / 4);
        Span span = tracing.startSend(Topics.MARKET_DATA_RAW);
        TraceContext spanIds = RecordTracing.ids(span);
        TraceIds trace = spanIds == null ? TraceIds.newTrace() : TraceIds.of(spanIds);
        List<Header> headers = traceHeaders(span);
        long now = Envelopes.now();
        MarketWriter writer = new MarketWriter();
        for (MarketTick tick : batch.valid()) {
            records.add(raw(tick.symbol(), ProviderTicks.trade(writer, tick, EventIds.next(), now, trace, source), headers));
            if (tick.hasBook()) {
                records.add(raw(tick.symbol(), ProviderTicks.bookSnapshot(writer, tick, bookSequences.next(tick.symbol()),
                        EventIds.next(), now, trace, source), headers));
            }
        }
        for (ParsedBatch.Rejected rejected : batch.rejected()) {
            records.add(deadLetter(rejected, trace, headers != null));
        }
        Uni<Void> sent = send(source, records).invoke(() -> counted(source, batch.valid().size(), batch.rejected().size()));
        return span.isRecording() ? sent.onTermination().invoke((ignored, failure, cancelled) -> end(span, failure)) : sent;
    }

    /** The {@code traceparent} header every record of a sampled batch shares, or null (no headers) for the others. */
    private static List<Header> traceHeaders(Span span) {
        Header traceparent = RecordTracing.traceparent(span);
        return traceparent == null ? null : List.of(traceparent);
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    /** Publishes binary {@code Trade} and {@code BookUpdate} records (a feed's) to the raw topic in one transaction. */
    public Uni<Void> publishTicks(String source, MarketBatch batch) {
        return send(source, records(Topics.MARKET_DATA_RAW, batch)).invoke(() -> counted(source, batch.size(), 0));
    }

    /** Publishes binary {@code ReferenceData} records to the compacted reference-data topic in one transaction. */
    public Uni<Void> publishReferenceData(String source, MarketBatch batch) {
        return send(source, records(Topics.REFERENCE_DATA, batch));
    }

    /** Records that may still be added before the buffer is full. */
    public int freeCapacity() {
        return inFlight.availablePermits();
    }

    private Uni<Void> send(String source, List<ProducerRecord<String, byte[]>> records) {
        int permits = Math.min(records.size(), capacity);
        if (!inFlight.tryAcquire(permits)) {
            refusedBufferFull.increment();
            return Uni.createFrom().failure(new IngestUnavailableException(
                    "the ingest buffer is full (" + capacity + " records in flight); retry shortly", RETRY_AFTER_BUSY, null));
        }
        return Uni.createFrom().completionStage(() -> sender.send(source, records))
                .onTermination().invoke(() -> inFlight.release(permits))
                .onFailure().transform(this::unavailable);
    }

    private Throwable unavailable(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            refusedCircuitOpen.increment();
            return new IngestUnavailableException("Kafka is unavailable (circuit " + CircuitBreakers.KAFKA_SEND + " is "
                    + breakers.currentState(CircuitBreakers.KAFKA_SEND).name().toLowerCase() + "); retry later",
                    RETRY_AFTER_OPEN, failure);
        }
        refusedKafkaError.increment();
        return new IngestUnavailableException("Kafka did not take the batch (" + failure.getClass().getSimpleName()
                + "); nothing of it was published, retry shortly", RETRY_AFTER_BUSY, failure);
    }

    private void counted(String source, int accepted, int rejected) {
        meters.counter("marketstream.ingest.ticks", "outcome", "accepted", "source", source).increment(accepted);
        meters.counter("marketstream.ingest.ticks", "outcome", "rejected", "source", source).increment(rejected);
    }

    private static List<ProducerRecord<String, byte[]>> records(String topic, MarketBatch batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            records.add(new ProducerRecord<>(topic, batch.symbol(i), batch.record(i)));
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> raw(String symbol, byte[] record, List<Header> headers) {
        return new ProducerRecord<>(Topics.MARKET_DATA_RAW, null, symbol, record, headers);
    }

    private static ProducerRecord<String, byte[]> deadLetter(ParsedBatch.Rejected rejected, TraceIds trace, boolean sampled) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(DLQ, null, rejected.raw());
        DeadLetterHeaders.write(record.headers(), Topics.MARKET_DATA_RAW, -1, -1, rejected.cause());
        TraceHeaders.write(record.headers(), trace.toContext(), sampled);
        return record;
    }
}

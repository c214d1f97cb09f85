package dev.marketstream.marketingest.messaging;

import static java.util.Map.entry;

import dev.marketstream.marketingest.config.IngestConfig;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.lifecycle.ShutdownBudget;
import dev.marketstream.platform.threads.NamedThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * Writes each batch in one Kafka transaction, so a batch is in the topic whole or not at all, and
 * completes only after the commit (every record acknowledged by all in-sync replicas). A few lanes,
 * each a thread owning one transactional producer, write batches in parallel; the batches of one
 * source always take the same lane, so they are committed in the order they were sent (a source's
 * ticks stay in time order within each partition). A producer that fails is closed; its successor
 * with the same {@code transactional.id} aborts whatever it left open. Repeated failures open the
 * {@code kafka-send} circuit breaker, which then fails batches at once. Each producer's own metrics (record and
 * batch sizes, compression rate, request latency) are published as {@code kafka_producer_*}.
 */
@ApplicationScoped
public class TransactionalSender {

    private static final Logger LOG = Logger.getLogger(TransactionalSender.class);
    /** The least the shutdown needs: the transactions in flight and closing the producers. */
    private static final Duration OWN_SHUTDOWN_STEPS = Duration.ofSeconds(5);
    private final Map<String, Object> producerConfig;
    private final String transactionalIdPrefix;
    private final KafkaProducer<String, byte[]>[] producers;
    private final KafkaClientMetrics[] producerMetrics;
    private final ExecutorService[] lanes;
    private final MeterRegistry meters;
    private final ShutdownBudget shutdown;

    @Inject
    @SuppressWarnings("unchecked")
    public TransactionalSender(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
            MeterRegistry meters) {
        IngestConfig.Kafka settings = config.kafka();
        this.producerConfig = producerConfig(kafka, settings);
        this.transactionalIdPrefix = settings.transactionalIdPrefix();
        this.meters = meters;
        this.shutdown = ShutdownBudget.fromConfig("ingest.shutdown.timeout", config.shutdown().timeout(), OWN_SHUTDOWN_STEPS);
        this.producers = new KafkaProducer[settings.producers()];
        this.producerMetrics = new KafkaClientMetrics[settings.producers()];
        this.lanes = new ExecutorService[settings.producers()];
        for (int lane = 0; lane < lanes.length; lane++) {
            String name = "kafka-tx-" + lane;
            lanes[lane] = Executors.newSingleThreadExecutor(NamedThreads.named(name));
        }
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, IngestConfig.Kafka settings) {
        long maxBlock = settings.maxBlock().toMillis();
        return KafkaClientSettings.producer(kafka, Map.ofEntries(
                entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()),
                entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()),
                entry(ProducerConfig.ACKS_CONFIG, "all"),
                entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                entry(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs()),
                entry(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize()),
                entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compressionType()),
                entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock),
                entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) maxBlock),
                entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * maxBlock + settings.lingerMs())),
                // An instance that dies mid-transaction holds back read_committed consumers until this passes.
                entry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000)));
    }

    /**
     * Sends the records in one transaction on the lane of {@code source}; the stage completes when it
     * is committed. Batches of the same source commit in the order of their calls.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1)
    @CircuitBreakerName(CircuitBreakers.KAFKA_SEND)
    public CompletionStage<Void> send(String source, List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        int lane = Math.floorMod(source.hashCode(), lanes.length);
        lanes[lane].execute(() -> {
            try {
                sendInTransaction(lane, records);
                committed.complete(null);
            } catch (RuntimeException e) {
                committed.completeExceptionally(e);
            }
        });
        return committed;
    }

    private void sendInTransaction(int lane, List<ProducerRecord<String, byte[]>> records) {
        KafkaProducer<String, byte[]> producer = producer(lane);
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            LOG.warnf("batch of %d records not committed on lane %d: %s", records.size(), lane, e.toString());
            discard(lane);
            throw e;
        }
    }

    private KafkaProducer<String, byte[]> producer(int lane) {
        if (producers[lane] == null) {
            Map<String, Object> config = new HashMap<>(producerConfig);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + lane);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalIdPrefix + "-" + lane);
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
            try {
                producer.initTransactions();
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            producers[lane] = producer;
            producerMetrics[lane] = new KafkaClientMetrics(producer);
            producerMetrics[lane].bindTo(meters);
        }
        return producers[lane];
    }

    private void discard(int lane) {
        KafkaProducer<String, byte[]> producer = producers[lane];
        producers[lane] = null;
        if (producerMetrics[lane] != null) {
            producerMetrics[lane].close();
            producerMetrics[lane] = null;
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    @PreDestroy
    void close() {
        shutdown.begin();
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(shutdown.upTo(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int lane = 0; lane < producers.length; lane++) {
            if (producerMetrics[lane] != null) {
                producerMetrics[lane].close();
            }
            if (producers[lane] != null) {
                producers[lane].close(shutdown.upTo(Duration.ofSeconds(5)));
            }
        }
    }
}

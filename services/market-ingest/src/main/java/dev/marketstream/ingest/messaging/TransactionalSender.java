package dev.marketstream.ingest.messaging;

import dev.marketstream.ingest.config.IngestConfig;
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
    private final Map<String, Object> producerConfig;
    private final String transactionalIdPrefix;
    private final KafkaProducer<String, byte[]>[] producers;
    private final KafkaClientMetrics[] producerMetrics;
    private final ExecutorService[] lanes;
    private final MeterRegistry meters;

    @Inject
    @SuppressWarnings("unchecked")
    public TransactionalSender(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
            MeterRegistry meters) {
        IngestConfig.Kafka settings = config.kafka();
        this.producerConfig = producerConfig(kafka, settings);
        this.transactionalIdPrefix = settings.transactionalIdPrefix();
        this.meters = meters;
        this.producers = new KafkaProducer[settings.producers()];
        this.producerMetrics = new KafkaClientMetrics[settings.producers()];
        this.lanes = new ExecutorService[settings.producers()];
        for (int lane = 0; lane < lanes.length; lane++) {
            String name = "kafka-tx-" + lane;
            lanes[lane] = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, IngestConfig.Kafka settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compressionType());
        long maxBlock = settings.maxBlock().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) maxBlock);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * maxBlock + settings.lingerMs()));
        // An instance that dies mid-transaction holds back read_committed consumers until this passes.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        return config;
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
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int lane = 0; lane < producers.length; lane++) {
            if (producerMetrics[lane] != null) {
                producerMetrics[lane].close();
            }
            if (producers[lane] != null) {
                producers[lane].close(Duration.ofSeconds(5));
            }
        }
    }
}

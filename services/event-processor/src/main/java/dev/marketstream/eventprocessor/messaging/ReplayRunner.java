package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import dev.marketstream.eventprocessor.domain.DeliveryPlan;
import dev.marketstream.eventprocessor.domain.ReplayReport;
import dev.marketstream.eventprocessor.domain.ReplayRequest;
import dev.marketstream.eventprocessor.redis.ReplayJobStore;
import dev.marketstream.eventprocessor.redis.StreamKeys;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.threads.NamedThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Runs replay jobs on a small pool of their own threads: reads a topic's partitions from the first
 * offset at {@code from} to the first at {@code to} (Kafka's time index), and copies the records to
 * the target topic or delivers the target user's events again into their stream. Each job reports
 * progress to {@link ReplayJobStore} about once a second.
 */
@ApplicationScoped
public class ReplayRunner {

    /** Header naming the replay job on records copied to a target topic. */
    public static final String JOB_HEADER = "replay-job-id";

    private static final Logger LOG = Logger.getLogger(ReplayRunner.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final ReplayJobStore jobs;
    private final UserEventStore store;
    private final Map<String, Object> kafka;
    private final ExecutorService executor;
    private final EventCodec codec = new EventCodec();

    public ReplayRunner(ReplayJobStore jobs, UserEventStore store, EventProcessorConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.jobs = jobs;
        this.store = store;
        this.kafka = kafka;
        int max = config.replay().maxConcurrentJobs();
        this.executor = new ThreadPoolExecutor(max, max, 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
                NamedThreads.numbered("replay"));
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
    }

    /** Thrown when all replay threads are busy. */
    public static final class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message);
        }
    }

    /** Starts a job and returns its first report; throws {@link BusyException} when as many jobs run as allowed. */
    public ReplayReport start(ReplayRequest request) {
        ReplayReport report = ReplayReport.started(UUID.randomUUID().toString(), request, Instant.now());
        jobs.save(report);
        try {
            executor.execute(() -> run(report, request));
        } catch (RejectedExecutionException e) {
            ReplayReport refused = report.failed("refused: too many replay jobs running", Instant.now());
            jobs.save(refused);
            throw new BusyException("as many replay jobs as allowed are running in this pod; try again later");
        }
        return report;
    }

    public Optional<ReplayReport> find(String jobId) {
        return jobs.find(jobId).map(report -> report.asSeenAt(Instant.now(), ABANDONED_AFTER));
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    private void run(ReplayReport started, ReplayRequest request) {
        ReplayReport report = started;
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = request.target().isUser() ? null
                        : new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(request.topic(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + request.topic() + " does not exist");
            }
            if (producer != null) {
                createTargetTopic(request.target().topic(), partitions.size());
            }
            Map<TopicPartition, Long> start = offsetsAt(consumer, partitions, request.from());
            Map<TopicPartition, Long> end = offsetsAt(consumer, partitions, request.to());
            long total = partitions.stream().mapToLong(tp -> Math.max(0, end.get(tp) - start.get(tp))).sum();
            consumer.assign(partitions.stream().filter(tp -> end.get(tp) > start.get(tp)).toList());
            consumer.assignment().forEach(tp -> consumer.seek(tp, start.get(tp)));
            long scanned = 0;
            long replayed = 0;
            long skipped = 0;
            Instant nextReport = Instant.now().plus(REPORT_EVERY);
            while (!consumer.assignment().isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue;
                    }
                    scanned++;
                    boolean inRange = record.timestamp() >= request.from().toEpochMilli() && record.timestamp() < request.to().toEpochMilli();
                    if (inRange && replay(record, request, started.jobId(), producer, sendFailure)) {
                        replayed++;
                    } else {
                        skipped++;
                    }
                }
                consumer.assignment().stream().filter(tp -> consumer.position(tp) >= end.get(tp)).toList()
                        .forEach(done -> consumer.pause(List.of(done)));
                if (consumer.paused().containsAll(consumer.assignment())) {
                    break;
                }
                if (Instant.now().isAfter(nextReport)) {
                    report = report.progressed(scanned, replayed, skipped, total == 0 ? 1 : (double) scanned / total, Instant.now());
                    jobs.save(report);
                    nextReport = Instant.now().plus(REPORT_EVERY);
                }
            }
            if (producer != null) {
                producer.flush();
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("copying to " + request.target().topic() + " failed: " + sendFailure.get().getMessage(),
                            sendFailure.get());
                }
            }
            report = report.progressed(scanned, replayed, skipped, 1, Instant.now()).completed(Instant.now());
            jobs.save(report);
            LOG.infof("replay %s completed: %d scanned, %d replayed, %d skipped", started.jobId(), scanned, replayed, skipped);
        } catch (RuntimeException e) {
            LOG.warnf(e, "replay %s failed", started.jobId());
            jobs.save(report.failed(e.toString(), Instant.now()));
        }
    }

    private boolean replay(ConsumerRecord<byte[], byte[]> record, ReplayRequest request, String jobId,
            KafkaProducer<byte[], byte[]> producer, AtomicReference<Exception> sendFailure) {
        if (producer != null) {
            ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(request.target().topic(), null, record.timestamp(),
                    record.key(), record.value(), record.headers());
            copy.headers().add(JOB_HEADER, jobId.getBytes(StandardCharsets.UTF_8));
            producer.send(copy, (metadata, error) -> {
                if (error != null) {
                    sendFailure.compareAndSet(null, error);
                }
            });
            return true;
        }
        EventEnvelope<?> event;
        try {
            event = codec.decode(record.value());
        } catch (EventValidationException e) {
            return false;
        }
        String user = request.target().userId();
        Optional<DeliveryPlan> plan = DeliveryPlan.of(event).filter(p -> p.reaches(user));
        if (plan.isEmpty()) {
            return false;
        }
        String eventId = event.eventId().toString();
        String scope = "replay:" + jobId;
        UserEventStore.Delivery delivery = new UserEventStore.Delivery(scope + ":" + record.partition() + "-" + record.offset(),
                StreamKeys.replayState(jobId, eventId), StreamKeys.orderQueue(scope, user),
                new String(codec.encode(event), StandardCharsets.UTF_8), plan.get().replayTo(user), null);
        DeliveryOutcome outcome = store.deliver(StreamKeys.failures(scope), List.of(delivery)).get(0).outcome();
        return outcome == DeliveryOutcome.DELIVERED;
    }

    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Instant at) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp offset = found.get(tp);
            offsets.put(tp, offset == null ? ends.get(tp) : offset.offset());
        }
        return offsets;
    }

    private void createTargetTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(KafkaClientSettings.admin(kafka, Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "event-processor-replay-admin")))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create target topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create target topic " + topic + ": " + e, e);
        }
    }

    private Map<String, Object> consumerConfig() {
        return KafkaClientSettings.consumer(kafka, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "event-processor-replay-consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000"));
    }

    private Map<String, Object> producerConfig() {
        return KafkaClientSettings.producer(kafka, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "event-processor-replay-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"));
    }
}

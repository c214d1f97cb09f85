package dev.marketstream.platform.metrics;

import dev.marketstream.platform.threads.NamedThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The lag of consumer groups as the broker sees it (end offset minus committed offset, summed per topic), sampled with
 * an {@link Admin} client on a thread of its own every {@code interval} and exported as
 * {@code marketstream_kafka_consumer_lag{group,topic}}: the consumer-lag alert's series. The clients' own
 * {@code kafka_consumer_fetch_manager_records_lag} carries no group and vanishes with its consumer; this one does not.
 * A sample that fails keeps the last values and is logged.
 */
public final class ConsumerGroupLag implements AutoCloseable {

    public static final String METRIC = "marketstream.kafka.consumer.lag";
    private static final Logger LOG = Logger.getLogger(ConsumerGroupLag.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final List<String> groups;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(NamedThreads.named("consumer-lag"));

    /** Starts sampling {@code groups} with an admin client made from {@code adminConfig}. */
    public static ConsumerGroupLag start(Map<String, Object> adminConfig, List<String> groups, MeterRegistry registry,
            Duration interval) {
        ConsumerGroupLag lag = new ConsumerGroupLag(Admin.create(adminConfig), groups, registry);
        lag.sampler.scheduleWithFixedDelay(lag::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    ConsumerGroupLag(Admin admin, List<String> groups, MeterRegistry registry) {
        this.admin = admin;
        this.groups = List.copyOf(groups);
        this.registry = registry;
    }

    void sample() {
        for (String group : groups) {
            try {
                lagPerTopic(group).forEach((topic, lag) -> gauge(group, topic).set(lag));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOG.warnf("lag of consumer group %s not sampled (keeping the last values): %s", group, e.toString());
            }
        }
    }

    /** End offset minus committed offset of every partition the group committed to, summed per topic. */
    Map<String, Long> lagPerTopic(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                latest.put(partition, OffsetSpec.latest());
            }
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> perTopic = new HashMap<>();
        ends.forEach((partition, end) -> perTopic.merge(partition.topic(),
                Math.max(0, end.offset() - committed.get(partition).offset()), Long::sum));
        return perTopic;
    }

    private AtomicLong gauge(String group, String topic) {
        return lags.computeIfAbsent(group + '\u0000' + topic, key -> {
            AtomicLong value = new AtomicLong();
            // strong: Micrometer holds a gauge's object weakly, and a collected one reads NaN
            Gauge.builder(METRIC, value, AtomicLong::get).tag("group", group).tag("topic", topic).strongReference(true)
                    .description("Records of the topic the consumer group has not committed yet (end offset - committed offset)")
                    .register(registry);
            return value;
        });
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}

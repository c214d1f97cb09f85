package dev.marketstream.wsgateway.messaging;

import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.wsgateway.domain.FanOut;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.OrderBooks;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.threads.NamedThreads;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of the four market topics from the latest offset, with no consumer group (every
 * pod sees every record; nothing is committed), decodes each binary record once with the feed thread's own
 * {@link MarketDecoder}, applies order-book records to the gateway's {@link OrderBooks} and hands each poll's updates
 * to the {@link FanOut}. After a poll that was not full it waits (at most {@code waitForLanes}) for the event loops
 * to write what it handed them, so that a busy gateway fetches records in fewer, bigger polls. One thread; see
 * DESIGN.md for why this is
 * not a reactive-messaging channel. A record with a sampled W3C {@code traceparent} (see docs/operations.md,
 * "Tracing") gets a span that lasts until its frame is handed to the fan-out, and its frame names the trace
 * ({@code trace_id}); the others cost one header lookup.
 */
public final class MarketFeed implements Runnable {

    public static final List<String> TOPICS =
            List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK, Topics.MARKET_DATA_AGGREGATED);

    private static final Logger LOG = Logger.getLogger(MarketFeed.class);

    private final Map<String, Object> kafkaConfig;
    /** Used only by the feed thread. */
    private final MarketDecoder decoder = new MarketDecoder();
    private final OrderBooks books;
    private final FanOut fanOut;
    private final GatewayStats stats;
    private final RecordTracing tracing;
    private final long waitForLanesNanos;
    /** Spans of the current poll's traced records, ended once their frames are handed over; feed thread only. */
    private final List<Span> pollSpans = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long lastPollMillis;
    private volatile int assignedPartitions;
    private Thread thread;

    public MarketFeed(Map<String, Object> kafkaConfig, OrderBooks books, FanOut fanOut, GatewayStats stats,
            RecordTracing tracing, Duration waitForLanes) {
        this.kafkaConfig = kafkaConfig;
        this.books = books;
        this.fanOut = fanOut;
        this.stats = stats;
        this.tracing = tracing;
        this.waitForLanesNanos = waitForLanes.toNanos();
    }

    public void start() {
        thread = NamedThreads.single("market-feed", this);
        thread.start();
    }

    @Override
    public void run() {
        while (running.get()) {
            Map<String, Object> properties = properties();
            int maxPollRecords = Integer.parseInt(String.valueOf(properties.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)));
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(properties)) {
                consumer = kafka;
                assignAll(kafka);
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                    lastPollMillis = System.currentTimeMillis();
                    if (!records.isEmpty()) {
                        try {
                            fanOut.publish(decode(records));
                        } finally {
                            endPollSpans();
                        }
                        // a full poll means more records wait: fetching them at once is already as big as it gets
                        if (records.count() < maxPollRecords && waitForLanesNanos > 0) {
                            fanOut.awaitLanes(waitForLanesNanos);
                        }
                    }
                }
            } catch (WakeupException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "market feed failed; reconnecting in 2 s");
                sleep();
            }
        }
    }

    private void assignAll(KafkaConsumer<byte[], byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            kafka.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        partitions.forEach(kafka::position);
        assignedPartitions = partitions.size();
        lastPollMillis = System.currentTimeMillis();
        LOG.infof("market feed reads %d partitions of %s from their end", partitions.size(), TOPICS);
    }

    private List<MarketUpdate> decode(ConsumerRecords<byte[], byte[]> records) {
        List<MarketUpdate> updates = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                MarketUpdate update = decoder.decode(record.value());
                if (update != null) {
                    update = traced(update, record);
                    if (update.book() != null) {
                        books.apply(update.stream().symbol(), decoder.bookUpdate());
                    }
                    updates.add(update);
                }
            } catch (RuntimeException e) {
                stats.errors.increment();
                LOG.debugf("skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        return updates;
    }

    /** The update with the trace id of its record's span, when the record carries a sampled {@code traceparent}. */
    private MarketUpdate traced(MarketUpdate update, ConsumerRecord<byte[], byte[]> record) {
        Span span = tracing.startProcess(record.topic(), TraceHeaders.traceparent(record.headers()));
        if (span == null) {
            return update;
        }
        pollSpans.add(span);
        return update.withTraceId(span.getSpanContext().getTraceId());
    }

    private void endPollSpans() {
        for (Span span : pollSpans) {
            span.end();
        }
        pollSpans.clear();
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = KafkaClientSettings.consumer(kafkaConfig, Map.of());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        // One poll becomes one task per event loop: keep what it writes to a client below gateway.outbound.max-unwritten-bytes.
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ws-gateway-market-feed");
        return props;
    }

    /** Whether the feed polled the broker recently (for readiness). */
    public boolean healthy(Duration maxSilence) {
        return assignedPartitions > 0 && System.currentTimeMillis() - lastPollMillis < maxSilence.toMillis();
    }

    public int assignedPartitions() {
        return assignedPartitions;
    }

    /** Stops the feed thread, waiting for it at most {@code maxWait}; true when it ended. */
    public boolean stop(Duration maxWait) {
        running.set(false);
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Math.max(1, maxWait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

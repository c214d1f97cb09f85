package dev.marketstream.chaos;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.TradingAlert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A business service publishing trading alerts to Kafka at a steady rate, round robin over the users, each with a
 * known id ({@code chaos-<n>}). An alert counts as published once Kafka acknowledged it (acks=all, idempotent
 * producer): only those can be lost.
 */
final class AlertPublisher implements AutoCloseable {

    /** An acknowledged alert: its user and when it was sent. */
    record Published(String user, long sentMillis) {
    }

    private final List<String> users;
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Alert id → send time (ms), for the observers; filled when the alert is sent. */
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    /** Alert id → the acknowledged alert; filled when Kafka acknowledges it. */
    final Map<String, Published> acknowledged = new ConcurrentHashMap<>();

    AlertPublisher(String bootstrap, List<String> users) {
        this.users = users;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"),
                new StringSerializer(), new ByteArraySerializer());
    }

    void start(int perSecond) {
        long periodMicros = 1_000_000L / perSecond;
        timer.scheduleAtFixedRate(this::publishOne, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void publishOne() {
        int n = next.getAndIncrement();
        String user = users.get(n % users.size());
        String id = "chaos-" + n;
        long now = System.currentTimeMillis();
        TradingAlert alert = new TradingAlert(id, user, "price_threshold", "chaos suite alert " + n, Severity.INFO,
                Instant.ofEpochMilli(now), null);
        sentAt.put(id, now);
        producer.send(new ProducerRecord<>(Topics.TRADING_ALERTS, user, codec.encode(EventEnvelope.of("chaos-suite", alert))),
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.put(id, new Published(user, now));
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    /** Alerts Kafka refused or never acknowledged (not counted as lost: the publisher knows they failed). */
    int failed() {
        return failed.get();
    }

    /** Stops publishing and waits for the acknowledgements of what was sent. */
    void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        producer.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close();
    }
}

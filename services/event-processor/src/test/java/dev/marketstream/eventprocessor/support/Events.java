package dev.marketstream.eventprocessor.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds user events and produces them to the real Kafka as business services would. */
public final class Events implements AutoCloseable {

    public static final EventCodec CODEC = new EventCodec();

    private final KafkaProducer<String, byte[]> producer;

    public Events() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public static EventEnvelope<PortfolioUpdate> portfolio(String userId, int quantity) {
        return EventEnvelope.of("test", new PortfolioUpdate("pf-" + userId, userId, PortfolioUpdate.UpdateType.POSITION,
                JsonNodeFactory.instance.objectNode().put("symbol", "AAPL").put("quantity", quantity), Instant.now()));
    }

    public static EventEnvelope<TradingAlert> alert(String userId) {
        return EventEnvelope.of("test", new TradingAlert("al-" + userId, userId, "price_threshold", "AAPL crossed 189.00",
                Severity.WARNING, Instant.now(), "AAPL"));
    }

    public static EventEnvelope<SystemNotification> notification(List<String> users) {
        return EventEnvelope.of("test", new SystemNotification("n-" + TestRun.ID + "-" + System.nanoTime(), "Notice",
                "Your API key expires tomorrow", Severity.INFO, users.isEmpty(), users, Instant.now()));
    }

    public static String topicOf(EventEnvelope<?> event) {
        return switch (event.eventType()) {
            case PORTFOLIO_UPDATE -> Topics.USER_EVENTS;
            case TRADING_ALERT -> Topics.TRADING_ALERTS;
            case SYSTEM_NOTIFICATION -> Topics.SYSTEM_NOTIFICATIONS;
            default -> throw new IllegalArgumentException(event.eventType() + " is not a user event");
        };
    }

    /** Produces the event to its topic, keyed by its partition key, and waits for Kafka's acknowledgement. */
    public void send(EventEnvelope<? extends EventPayload> event) {
        sendRaw(topicOf(event), event.partitionKey(), CODEC.encode(event));
    }

    /** Produces the event as a business service that samples it for tracing does: with the trace context's headers. */
    public void sendTraced(EventEnvelope<? extends EventPayload> event, TraceContext trace) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topicOf(event), event.partitionKey(), CODEC.encode(event));
        TraceHeaders.write(record.headers(), trace, true);
        send(record);
    }

    public void sendRaw(String topic, String key, String value) {
        sendRaw(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

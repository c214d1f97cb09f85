package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.Samples;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.market.PriceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs against the local stack's real Kafka: the provisioner is idempotent, and events with trace
 * headers survive a transactional round trip while aborted ones stay invisible to read_committed.
 */
class LocalKafkaTest {

    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static Admin admin;
    static final List<String> createdTopics = new ArrayList<>();

    @BeforeAll
    static void connect() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        admin = Admin.create(config);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        admin.deleteTopics(createdTopics).all().get(30, TimeUnit.SECONDS);
        admin.close();
    }

    @Test
    void provisionerCreatesMissingTopicsAndGrowsSmallOnes() throws Exception {
        String topic = testTopic("provisioner");
        TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);

        List<String> created = provisioner.provision(List.of(new TopicCatalog.TopicSpec(topic, 2, Map.of("retention.ms", "60000"))));
        List<String> again = provisioner.provision(List.of(new TopicCatalog.TopicSpec(topic, 2, Map.of())));
        List<String> grown = provisioner.provision(List.of(new TopicCatalog.TopicSpec(topic, 4, Map.of())));

        assertThat(created).containsExactly("created " + topic + " (2 partitions)");
        assertThat(again).isEmpty();
        assertThat(grown).containsExactly("grew " + topic + " from 2 to 4 partitions");
        assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(4);
        assertThat(provisioner.missing(List.of(new TopicCatalog.TopicSpec(topic, 4, Map.of())))).isEmpty();
    }

    @Test
    void committedEventsArriveWithTraceHeadersAndAbortedOnesDoNot() throws Exception {
        String topic = testTopic("roundtrip");
        new TopicProvisioner(admin, (short) 1).provision(List.of(new TopicCatalog.TopicSpec(topic, 1, Map.of())));
        Serde<EventEnvelope<PriceUpdate>> serde = EventSerde.of(PriceUpdate.class);
        EventEnvelope<PriceUpdate> committed = EventEnvelope.of("test", Samples.price());
        EventEnvelope<PriceUpdate> aborted = EventEnvelope.of("test", Samples.price());
        TraceContext trace = TraceContext.newTrace();

        try (KafkaProducer<String, EventEnvelope<PriceUpdate>> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), serde.serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, aborted, TraceContext.newTrace()));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record(topic, committed, trace));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, EventEnvelope<PriceUpdate>>> received = new ArrayList<>();
        try (KafkaConsumer<String, EventEnvelope<PriceUpdate>> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }

        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo("AAPL");
        assertThat(received.get(0).value()).isEqualTo(committed);
        assertThat(TraceHeaders.read(received.get(0).headers())).contains(trace);
    }

    private static ProducerRecord<String, EventEnvelope<PriceUpdate>> record(String topic, EventEnvelope<PriceUpdate> event, TraceContext trace) {
        ProducerRecord<String, EventEnvelope<PriceUpdate>> record = new ProducerRecord<>(topic, event.partitionKey(), event);
        TraceHeaders.write(record.headers(), trace);
        return record;
    }

    private static String testTopic(String purpose) {
        String topic = "test." + purpose + "." + UUID.randomUUID();
        createdTopics.add(topic);
        return topic;
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "event-model-test-" + UUID.randomUUID());
        return config;
    }

    private static Properties consumerConfig() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "event-model-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }
}

package dev.marketstream.userevents.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Points the application under test at a Kafka consumer group and a Redis stream of its own: the group
 * is created with its offsets at the current end of the three input topics, so the app consumes
 * exactly what the tests produce from now on, with no wait for the first assignment.
 */
public class PipelineTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String GROUP = "event-processor-test-" + TestRun.ID;
    public static final String STREAM = TestRun.stream("app");
    public static final String DEAD_LETTER_STREAM = STREAM + ".dlq";

    @Override
    public Map<String, String> start() {
        return appConfig(GROUP, STREAM);
    }

    /** Configuration giving an app instance a consumer group positioned at the end of the inputs, and a stream of its own. */
    public static Map<String, String> appConfig(String group, String stream) {
        commitEndOffsets(group);
        Map<String, String> config = new HashMap<>();
        for (String topic : TestRun.INPUT_TOPICS) {
            config.put("mp.messaging.incoming." + topic + ".group.id", group);
        }
        config.put("event-processor.stream.key", stream);
        config.put("event-processor.stream.dead-letter-key", stream + ".dlq");
        config.put("mp.jwt.verify.publickey.location", "file:" + TestRun.runtime().resolve("jwt/publicKey.pem").toAbsolutePath());
        return config;
    }

    @Override
    public void stop() {
        RedisProbe.deleteStreamKeys(TestRun.REDIS_URI, STREAM);
    }

    private static void commitEndOffsets(String group) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        try (Admin admin = Admin.create(config)) {
            Map<String, TopicDescription> topics = admin.describeTopics(TestRun.INPUT_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare consumer group " + group + " on " + TestRun.KAFKA_BOOTSTRAP, e);
        }
    }
}

package dev.marketstream.eventprocessor.support;

import dev.marketstream.testing.KafkaGroups;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        KafkaGroups.startAtEnd(group, TestRun.INPUT_TOPICS);
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
        KafkaGroups.deleteGroups(List.of(GROUP));
    }
}

package dev.marketstream.eventprocessor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.eventprocessor.domain.ReplayReport;
import dev.marketstream.eventprocessor.domain.ReplayRequest;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.testing.KafkaClientRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's security settings ({@code kafka.security.protocol}, set for tests in application.properties) reach
 * every Kafka client the event-processor builds: the reactive-messaging channels and the replay job's admin client,
 * consumer and producer.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class KafkaSettingsPropagationTest {

    private static final String TARGET_TOPIC = "test.replay.settings." + TestRun.ID;

    @Inject
    ReplayRunner replays;

    @AfterAll
    static void deleteTargetTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TARGET_TOPIC)) {
                admin.deleteTopics(List.of(TARGET_TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyClientCarriesTheSecurityProtocol() {
        Instant now = Instant.now();
        String jobId = replays.start(new ReplayRequest(Topics.USER_EVENTS, now.minusSeconds(1), now,
                ReplayRequest.Target.topic(TARGET_TOPIC))).jobId();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> replays.find(jobId).map(ReplayReport::status).filter(status -> !ReplayReport.RUNNING.equals(status)).isPresent());

        Map<String, Map<String, Object>> clients = KafkaClientRecorder.clients();
        assertThat(clients.keySet()).as("clients built with the broker configuration")
                .contains("event-processor-replay-admin", "event-processor-replay-consumer", "event-processor-replay-producer")
                .anyMatch(id -> id.startsWith("kafka-consumer-"))
                .anyMatch(id -> id.startsWith("kafka-producer-"));
        assertThat(clients).allSatisfy((id, settings) ->
                assertThat(settings).as(id).containsEntry("security.protocol", "PLAINTEXT"));
    }
}

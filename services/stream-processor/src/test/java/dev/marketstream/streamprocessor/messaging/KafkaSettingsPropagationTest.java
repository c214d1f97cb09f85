package dev.marketstream.streamprocessor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.streamprocessor.StreamsTestResource;
import dev.marketstream.testing.KafkaClientRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The broker's security settings ({@code kafka.security.protocol}, set for tests in application.properties) reach
 * every Kafka client the stream-processor builds: Kafka Streams' own clients, the dead-letter producer its handler
 * builds from the streams configuration, the redriver's consumer and producer, and the snapshot writer's consumer.
 */
@QuarkusTest
@QuarkusTestResource(StreamsTestResource.class)
class KafkaSettingsPropagationTest {

    @Inject
    DlqRedriver redriver;

    @Test
    void everyClientCarriesTheSecurityProtocol() {
        // A redrive from a time after every dead letter examines nothing, but builds both of its clients.
        redriver.redrive(1, Optional.of(Instant.now().plus(1, ChronoUnit.DAYS)));

        String applicationId = ConfigProvider.getConfig().getValue("quarkus.kafka-streams.application-id", String.class);
        Map<String, Map<String, Object>> clients = KafkaClientRecorder.clients();
        assertThat(clients.keySet()).as("clients built with the broker configuration")
                .contains(applicationId + "-dead-letters", applicationId + "-redrive", applicationId + "-redrive-producer")
                .anyMatch(id -> id.startsWith(applicationId + "-") && id.contains("StreamThread"))
                .anyMatch(id -> id.startsWith("kafka-consumer-"));
        assertThat(clients).allSatisfy((id, settings) ->
                assertThat(settings).as(id).containsEntry("security.protocol", "PLAINTEXT"));
    }
}

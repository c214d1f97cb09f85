package dev.marketstream.marketingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.KafkaClientRecorder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The broker's security settings ({@code kafka.security.protocol}, set for tests in application.properties) reach
 * every Kafka client market-ingest builds: its transactional producers.
 */
@QuarkusTest
class KafkaSettingsPropagationTest {

    @Inject
    TransactionalSender sender;

    @Test
    void everyTransactionalProducerCarriesTheSecurityProtocol() throws Exception {
        sender.send("settings-check", List.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        String prefix = ConfigProvider.getConfig().getValue("ingest.kafka.transactional-id-prefix", String.class);
        Map<String, Map<String, Object>> clients = KafkaClientRecorder.clients();
        assertThat(clients.keySet()).as("clients built with the broker configuration").anyMatch(id -> id.startsWith(prefix));
        assertThat(clients).allSatisfy((id, settings) ->
                assertThat(settings).as(id).containsEntry("security.protocol", "PLAINTEXT"));
    }
}

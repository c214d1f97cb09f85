package dev.marketstream.wsgateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.testing.KafkaClientRecorder;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The broker's security settings ({@code kafka.security.protocol}, set for tests in application.properties) reach
 * the one Kafka client the gateway builds: the market feed's consumer.
 */
@QuarkusTest
class KafkaSettingsPropagationTest {

    @Test
    void theMarketFeedCarriesTheSecurityProtocol() {
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaClientRecorder.clients().containsKey("ws-gateway-market-feed"));

        assertThat(KafkaClientRecorder.clients()).allSatisfy((id, settings) ->
                assertThat(settings).as(id).containsEntry("security.protocol", "PLAINTEXT"));
    }
}

package dev.marketstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    /** What a service's kafka.* properties hold on a cluster with SASL over TLS (Strimzi's default listeners). */
    private static final Map<String, Object> SECURED_BROKER = Map.of(
            "bootstrap.servers", "kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "config.providers.secrets.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
            "client.id", "the-service",
            "group.id", "the-services-group",
            "transactional.id", "someone-elses",
            "kafka-streams-only.setting", "x");

    @Test
    void everyClientTypeCarriesTheBrokersSecurity() {
        for (Map<String, Object> settings : new Map[] {
                KafkaClientSettings.producer(SECURED_BROKER, Map.of()),
                KafkaClientSettings.consumer(SECURED_BROKER, Map.of()),
                KafkaClientSettings.admin(SECURED_BROKER, Map.of())}) {
            assertThat(settings)
                    .containsEntry("bootstrap.servers", "kafka-bootstrap:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                    .containsKey("config.providers.secrets.class");
        }
    }

    @Test
    void identitiesAndSettingsOfOtherClientTypesStayBehind() {
        Map<String, Object> producer = KafkaClientSettings.producer(SECURED_BROKER, Map.of());
        Map<String, Object> consumer = KafkaClientSettings.consumer(SECURED_BROKER, Map.of("isolation.level", "read_committed"));

        assertThat(producer).doesNotContainKeys("client.id", "group.id", "transactional.id", "kafka-streams-only.setting");
        assertThat(consumer).doesNotContainKeys("client.id", "group.id", "transactional.id")
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void overridesWin() {
        Map<String, Object> producer = KafkaClientSettings.producer(SECURED_BROKER,
                Map.of("client.id", "dead-letters", "transactional.id", "redrive-1", "bootstrap.servers", "elsewhere:9092"));

        assertThat(producer).containsEntry("client.id", "dead-letters").containsEntry("transactional.id", "redrive-1")
                .containsEntry("bootstrap.servers", "elsewhere:9092").containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void producerOnlySettingsDoNotReachConsumers() {
        Map<String, Object> broker = Map.of("bootstrap.servers", "k:9092", "linger.ms", 5, "fetch.max.wait.ms", 50);

        assertThat(KafkaClientSettings.producer(broker, Map.of())).containsKey("linger.ms").doesNotContainKey("fetch.max.wait.ms");
        assertThat(KafkaClientSettings.consumer(broker, Map.of())).containsKey("fetch.max.wait.ms").doesNotContainKey("linger.ms");
        assertThat(KafkaClientSettings.admin(broker, Map.of())).containsOnlyKeys("bootstrap.servers");
    }
}

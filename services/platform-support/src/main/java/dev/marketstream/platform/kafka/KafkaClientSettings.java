package dev.marketstream.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings of a Kafka client a service builds by hand, started from the service's whole broker configuration (the
 * {@code kafka.*} properties Quarkus exposes as {@code @Identifier("default-kafka-broker")}, or the configuration
 * Kafka Streams hands to its handlers): bootstrap servers, {@code security.protocol}, SASL and TLS settings all carry
 * over, so a client never silently connects without the cluster's security. Only settings the client type knows are
 * copied; identities ({@code client.id}, {@code group.id}, {@code transactional.id}) never are: each client names its
 * own in the overrides.
 */
public final class KafkaClientSettings {

    private static final Set<String> IDENTITIES = Set.of(CommonClientConfigs.CLIENT_ID_CONFIG,
            CommonClientConfigs.GROUP_ID_CONFIG, CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    /** Settings that are families of keys rather than single names (config providers, e.g. for secrets in files). */
    private static final String CONFIG_PROVIDERS_PREFIX = "config.providers";

    private KafkaClientSettings() {
    }

    public static Map<String, Object> producer(Map<String, ?> broker, Map<String, ?> overrides) {
        return build(broker, ProducerConfig.configNames(), overrides);
    }

    public static Map<String, Object> consumer(Map<String, ?> broker, Map<String, ?> overrides) {
        return build(broker, ConsumerConfig.configNames(), overrides);
    }

    public static Map<String, Object> admin(Map<String, ?> broker, Map<String, ?> overrides) {
        return build(broker, AdminClientConfig.configNames(), overrides);
    }

    private static Map<String, Object> build(Map<String, ?> broker, Set<String> known, Map<String, ?> overrides) {
        Map<String, Object> settings = new HashMap<>();
        broker.forEach((key, value) -> {
            if (value != null && !IDENTITIES.contains(key) && (known.contains(key) || key.startsWith(CONFIG_PROVIDERS_PREFIX))) {
                settings.put(key, value);
            }
        });
        settings.putAll(overrides);
        return settings;
    }
}

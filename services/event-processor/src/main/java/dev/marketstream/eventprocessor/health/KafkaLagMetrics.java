package dev.marketstream.eventprocessor.health;

import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.metrics.ConsumerGroupLag;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Samples the lag of the user-event consumer group every 10 s; its group is that of the {@code user-events} channel,
 * which defaults to the application name as in SmallRye Kafka.
 */
@Startup
@ApplicationScoped
public class KafkaLagMetrics {

    private final ConsumerGroupLag lag;

    public KafkaLagMetrics(@Identifier("default-kafka-broker") Map<String, Object> kafka, Config config, MeterRegistry registry) {
        String group = config.getOptionalValue("mp.messaging.incoming.user-events.group.id", String.class)
                .orElseGet(() -> config.getValue("quarkus.application.name", String.class));
        lag = ConsumerGroupLag.start(KafkaClientSettings.admin(kafka, Map.of()), List.of(group), registry, Duration.ofSeconds(10));
    }

    @PreDestroy
    void close() {
        lag.close();
    }
}

package dev.marketstream.streamprocessor.health;

import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.metrics.ConsumerGroupLag;
import dev.marketstream.streamprocessor.config.StreamProcessorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Samples the lag of the processor's consumer groups (topology, history writer, snapshot writer) every 10 s. */
@Startup
@ApplicationScoped
public class KafkaLagMetrics {

    private final ConsumerGroupLag lag;

    public KafkaLagMetrics(@Identifier("default-kafka-broker") Map<String, Object> kafka, StreamProcessorConfig config,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.group.id") String snapshotGroup, MeterRegistry registry) {
        lag = ConsumerGroupLag.start(KafkaClientSettings.admin(kafka, Map.of()),
                List.of(applicationId, config.history().groupId(), snapshotGroup), registry, Duration.ofSeconds(10));
    }

    @PreDestroy
    void close() {
        lag.close();
    }
}

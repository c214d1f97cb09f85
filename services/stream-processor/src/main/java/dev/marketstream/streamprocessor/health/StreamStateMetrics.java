package dev.marketstream.streamprocessor.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Publishes the Kafka Streams state as a gauge per state ({@code marketstream.streams.state{state=RUNNING}} is 1
 * while running), beside the client, task and per-topic metrics that Quarkus binds from Kafka Streams
 * (records consumed/produced per topic, commit rate, consumer lag).
 */
@ApplicationScoped
public class StreamStateMetrics {

    private final KafkaStreams streams;
    private final MeterRegistry meters;

    public StreamStateMetrics(KafkaStreams streams, MeterRegistry meters) {
        this.streams = streams;
        this.meters = meters;
    }

    void register(@Observes StartupEvent event) {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("marketstream.processor.streams.state", streams, s -> s.state() == state ? 1 : 0)
                    .tag("state", state.name())
                    .description("1 for the current Kafka Streams state, 0 for the others")
                    .register(meters);
        }
    }
}

package dev.marketstream.streamprocessor.config;

import dev.marketstream.platform.lifecycle.ShutdownBudget;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * Closes Kafka Streams within {@code processor.shutdown.timeout} at SIGTERM. Runs before Quarkus' own close, which
 * waits without a bound; once this one has closed the instance, that one returns at once.
 */
@ApplicationScoped
public class StreamsShutdown {

    private static final Logger LOG = Logger.getLogger(StreamsShutdown.class);
    /** The least the close needs: one commit interval and leaving the group. */
    private static final Duration OWN_SHUTDOWN_STEPS = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final ShutdownBudget budget;

    public StreamsShutdown(KafkaStreams streams, StreamProcessorConfig config) {
        this.streams = streams;
        this.budget = ShutdownBudget.fromConfig("processor.shutdown.timeout", config.shutdown().timeout(), OWN_SHUTDOWN_STEPS);
    }

    /** Creates the bean at startup, so a timeout too short for the Quarkus phases stops the start. */
    void validate(@Observes StartupEvent event) {
        LOG.debugf("shutdown bounded by %s", budget.timeout());
    }

    void close(@Observes @Priority(1000) ShutdownEvent event) {
        budget.begin();
        if (!streams.close(budget.remaining())) {
            LOG.warnf("Kafka Streams did not close within %s; its open transaction aborts when the broker times it out",
                    budget.timeout());
        }
    }
}

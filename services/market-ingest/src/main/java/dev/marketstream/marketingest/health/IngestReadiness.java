package dev.marketstream.marketingest.health;

import dev.marketstream.marketingest.messaging.CircuitBreakers;
import dev.marketstream.marketingest.messaging.TickPublisher;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the Kafka circuit is open: providers should be sent to another instance. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    private final CircuitBreakerMaintenance breakers;
    private final TickPublisher publisher;

    public IngestReadiness(CircuitBreakerMaintenance breakers, TickPublisher publisher) {
        this.breakers = breakers;
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState state = breakers.currentState(CircuitBreakers.KAFKA_SEND);
        return HealthCheckResponse.named("kafka-publishing")
                .status(state != CircuitBreakerState.OPEN)
                .withData("circuit", state.name().toLowerCase())
                .withData("free-capacity-records", publisher.freeCapacity())
                .build();
    }
}

package dev.marketstream.marketingest.messaging;

/** Names of the service's circuit breakers, for health checks and metrics. */
public final class CircuitBreakers {

    /** Opens when Kafka transactions keep failing; closes after a successful probe. */
    public static final String KAFKA_SEND = "kafka-send";

    private CircuitBreakers() {
    }
}

package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts each delivery attempt by outcome ({@code marketstream_eventprocessor_deliveries_total{outcome}}): the
 * error-rate alert divides the failed and dead-lettered ones by all of them. One counter per outcome, made once.
 */
@Startup // registered at start, so the error-rate alert sees zeros before the first delivery
@ApplicationScoped
public class DeliveryCounts {

    private final Counter[] byOutcome = new Counter[DeliveryOutcome.values().length];

    public DeliveryCounts(MeterRegistry registry) {
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            byOutcome[outcome.ordinal()] = Counter.builder("marketstream.eventprocessor.deliveries")
                    .description("Delivery attempts of user-event stream entries, by outcome")
                    .tag("outcome", outcome.name().toLowerCase()).register(registry);
        }
    }

    public void count(DeliveryOutcome outcome) {
        byOutcome[outcome.ordinal()].increment();
    }
}

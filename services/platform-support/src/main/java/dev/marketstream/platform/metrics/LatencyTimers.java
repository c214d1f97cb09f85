package dev.marketstream.platform.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The one bucket layout of every end-to-end latency histogram, so that dashboards and alerts compare the same buckets
 * across services. Fixed buckets from 1 ms to 10 s (13 {@code le} series per timer) instead of Micrometer's ~70
 * percentile-histogram buckets: cheap to record and to scrape, fine enough for the 500 ms alert.
 */
public final class LatencyTimers {

    /** The {@code le} bounds of the histogram. */
    public static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private LatencyTimers() {
    }

    /** A timer named {@code name} (a {@code marketstream.<service>.…latency} name) with the shared buckets. */
    public static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }
}

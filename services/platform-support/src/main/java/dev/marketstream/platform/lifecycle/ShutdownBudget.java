package dev.marketstream.platform.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one bound on a service's graceful shutdown ({@code <service>.shutdown.timeout}). The clock starts at the first
 * shutdown signal; every step of the drain asks for {@link #upTo its usual time} and gets at most what is left, so the
 * whole shutdown ends within the timeout, which the chart keeps below the pod's {@code terminationGracePeriodSeconds}.
 *
 * <p>Built with {@link #validated}, which refuses at startup a timeout that the framework's own phases
 * ({@code quarkus.shutdown.delay} and {@code quarkus.shutdown.timeout}) would use up before the service's steps run.
 */
public final class ShutdownBudget {

    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final AtomicLong deadline = new AtomicLong(NOT_STARTED);

    ShutdownBudget(Duration timeout, LongSupplier nanoClock) {
        this.timeout = timeout;
        this.nanoClock = nanoClock;
    }

    /**
     * @param property the setting's name, for the startup error
     * @param frameworkPhases what Quarkus may spend before the service's own steps (delay + request wait)
     * @param ownSteps the least the service's own steps need (documented in its DESIGN.md)
     */
    public static ShutdownBudget validated(String property, Duration timeout, Duration frameworkPhases, Duration ownSteps) {
        if (timeout.compareTo(frameworkPhases.plus(ownSteps)) < 0) {
            throw new IllegalStateException(property + "=" + timeout.toSeconds() + "s is too short: quarkus.shutdown.delay and "
                    + "quarkus.shutdown.timeout may take " + frameworkPhases.toSeconds() + "s and this service's own drain needs "
                    + ownSteps.toSeconds() + "s more; raise it to at least " + frameworkPhases.plus(ownSteps).toSeconds()
                    + "s (and the pod's terminationGracePeriodSeconds above it) or shorten the Quarkus phases");
        }
        return new ShutdownBudget(timeout, System::nanoTime);
    }

    /**
     * The budget of {@code property}, checked against the Quarkus shutdown phases this application is configured with.
     */
    public static ShutdownBudget fromConfig(String property, Duration timeout, Duration ownSteps) {
        Config config = ConfigProvider.getConfig();
        Duration delay = config.getOptionalValue("quarkus.shutdown.delay-enabled", Boolean.class).orElse(false)
                ? config.getOptionalValue("quarkus.shutdown.delay", Duration.class).orElse(Duration.ZERO) : Duration.ZERO;
        Duration requests = config.getOptionalValue("quarkus.shutdown.timeout", Duration.class).orElse(Duration.ZERO);
        return validated(property, timeout, delay.plus(requests), ownSteps);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Starts the clock, once: the first shutdown signal calls it; later calls change nothing. */
    public void begin() {
        deadline.compareAndSet(NOT_STARTED, nanoClock.getAsLong() + timeout.toNanos());
    }

    /** Time left of the budget (starting the clock if no signal did). */
    public Duration remaining() {
        begin();
        return Duration.ofNanos(Math.max(0, deadline.get() - nanoClock.getAsLong()));
    }

    /** A step's share: its usual time, or what is left of the budget when that is less. */
    public Duration upTo(Duration step) {
        Duration left = remaining();
        return step.compareTo(left) <= 0 ? step : left;
    }
}

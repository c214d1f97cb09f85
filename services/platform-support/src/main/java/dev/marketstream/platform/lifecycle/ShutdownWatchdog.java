package dev.marketstream.platform.lifecycle;

import dev.marketstream.platform.threads.NamedThreads;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The backstop of a {@link ShutdownBudget}: if the process is still alive when the budget is spent (a step or a
 * framework phase waiting on a server that does not answer), it logs which step it gave up on and halts the JVM, so
 * the pod ends within its setting instead of being killed at {@code terminationGracePeriodSeconds} with nothing said.
 * The service names its current step with {@link #step} as the shutdown goes on.
 */
public final class ShutdownWatchdog {

    private static final Logger LOG = Logger.getLogger(ShutdownWatchdog.class);
    /** Exit status of a shutdown the watchdog had to end. */
    public static final int HALTED = 3;

    /** What the process does when the budget is spent; {@code Runtime.halt} outside tests. */
    public interface Halt {
        void halt(int status);
    }

    private final String property;
    private final ShutdownBudget budget;
    private final Halt halt;
    private volatile String step = "starting the shutdown";
    private volatile Thread thread;

    ShutdownWatchdog(String property, ShutdownBudget budget, Halt halt) {
        this.property = property;
        this.budget = budget;
        this.halt = halt;
    }

    /** A watchdog of {@code budget} (whose setting is {@code property}) that halts the running JVM. */
    public static ShutdownWatchdog of(String property, ShutdownBudget budget) {
        return new ShutdownWatchdog(property, budget, status -> Runtime.getRuntime().halt(status));
    }

    /** Starts the budget's clock and the watch, once: the first shutdown signal calls it. */
    public synchronized void start() {
        budget.begin();
        if (thread == null) {
            thread = NamedThreads.single("shutdown-watchdog", this::watch);
            thread.start();
        }
    }

    /** Names what the shutdown is doing now; the last name given is what a halt reports. */
    public void step(String what) {
        step = what;
    }

    private void watch() {
        try {
            Thread.sleep(Math.max(1, budget.remaining().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Duration timeout = budget.timeout();
        LOG.errorf("shutdown: %s=%ds spent; gave up on %s; halting now", property, timeout.toSeconds(), step);
        halt.halt(HALTED);
    }
}

package dev.marketstream.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves the watchdog halts (with its status) once the budget is spent, and not before; the halt is a stand-in. */
class ShutdownWatchdogTest {

    @Test
    void haltsWhenTheBudgetIsSpent() throws Exception {
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        ShutdownBudget budget = new ShutdownBudget(Duration.ofMillis(300), System::nanoTime);
        ShutdownWatchdog watchdog = new ShutdownWatchdog("test.shutdown.timeout", budget, halted::complete);

        long started = System.nanoTime();
        watchdog.start();
        watchdog.step("waiting for a server that does not answer");
        watchdog.start(); // a second signal starts nothing more

        assertThat(halted.get(10, TimeUnit.SECONDS)).isEqualTo(ShutdownWatchdog.HALTED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}

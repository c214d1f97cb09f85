package dev.marketstream.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShutdownBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ShutdownBudget budget = new ShutdownBudget(Duration.ofSeconds(20), now::get);

    @Test
    void stepsGetTheirTimeUntilTheBudgetRunsOut() {
        budget.begin();
        assertThat(budget.upTo(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));

        now.addAndGet(Duration.ofSeconds(17).toNanos());
        assertThat(budget.upTo(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(3));

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(budget.upTo(Duration.ofSeconds(5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void theClockStartsAtTheFirstSignalOnly() {
        budget.begin();
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        budget.begin();

        assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aTimeoutTheFrameworkPhasesUseUpIsRefusedAtStartup() {
        assertThatThrownBy(() -> ShutdownBudget.validated("gateway.shutdown.timeout", Duration.ofSeconds(12),
                Duration.ofSeconds(12), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.shutdown.timeout=12s is too short")
                .hasMessageContaining("at least 17s");
        assertThat(ShutdownBudget.validated("gateway.shutdown.timeout", Duration.ofSeconds(25), Duration.ofSeconds(12),
                Duration.ofSeconds(5)).timeout()).isEqualTo(Duration.ofSeconds(25));
    }
}

package dev.marketstream.eventprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A replay job's report moves from running to completed or failed, and shows abandoned when its pod goes silent. */
class ReplayReportTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final ReplayRequest REQUEST = new ReplayRequest("user-events", T0.minusSeconds(3600), T0,
            ReplayRequest.Target.user("u1"));

    @Test
    void completesWithFullProgressAndKeepsTheCounts() {
        ReplayReport done = ReplayReport.started("j1", REQUEST, T0).progressed(10, 7, 3, 0.5, T0.plusSeconds(1))
                .completed(T0.plusSeconds(2));

        assertThat(done.status()).isEqualTo(ReplayReport.COMPLETED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.eventsReplayed()).isEqualTo(7);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void showsARunningJobWithoutRecentProgressAsAbandoned() {
        ReplayReport running = ReplayReport.started("j1", REQUEST, T0);

        assertThat(running.asSeenAt(T0.plusSeconds(30), Duration.ofMinutes(1)).status()).isEqualTo(ReplayReport.RUNNING);
        assertThat(running.asSeenAt(T0.plusSeconds(61), Duration.ofMinutes(1)).status()).isEqualTo(ReplayReport.ABANDONED);
        assertThat(running.failed("boom", T0).asSeenAt(T0.plusSeconds(600), Duration.ofMinutes(1)).status())
                .isEqualTo(ReplayReport.FAILED);
    }
}

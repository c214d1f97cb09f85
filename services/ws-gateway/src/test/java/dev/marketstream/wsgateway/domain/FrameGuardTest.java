package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Proves the frame guard's token bucket (rate and burst) and its sliding window of rejections, on a clock driven by hand. */
class FrameGuardTest {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    /** 20 frames/s with a burst of 40; 5 rejections within 10 s are abuse. */
    final FrameGuard guard = new FrameGuard(new FrameGuard.Limits(20, 40, 5, 10 * SECOND), 0);

    @Test
    void letsABurstThroughThenRefusesUntilATokenRefills() {
        for (int i = 0; i < 40; i++) {
            assertThat(guard.tryAcquire(0)).as("frame %d of the burst", i + 1).isTrue();
        }
        assertThat(guard.tryAcquire(0)).isFalse();
        assertThat(guard.tryAcquire(49 * MS)).as("less than one token after 49 ms").isFalse();
        assertThat(guard.tryAcquire(50 * MS)).as("one token after 50 ms").isTrue();
        assertThat(guard.tryAcquire(50 * MS)).isFalse();
    }

    @Test
    void sustainsTheConfiguredRate() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(guard.tryAcquire(i * 50 * MS)).as("frame %d at 20 frames/s", i).isTrue();
        }
    }

    @Test
    void neverSavesUpMoreThanTheBurst() {
        long later = 3_600 * SECOND;
        int passed = 0;
        while (guard.tryAcquire(later)) {
            passed++;
        }
        assertThat(passed).isEqualTo(40);
    }

    @Test
    void reportsAbuseWhenTheThresholdOfRejectionsFallsWithinTheWindow() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.rejectAndCheckAbuse(i * MS)).as("rejection %d", i + 1).isFalse();
        }
        assertThat(guard.rejectAndCheckAbuse(4 * MS)).isTrue();
        assertThat(guard.rejectAndCheckAbuse(5 * MS)).as("still abusive").isTrue();
    }

    @Test
    void forgetsRejectionsOlderThanTheWindow() {
        for (long at : new long[] {0, 3, 6, 9, 12}) {
            assertThat(guard.rejectAndCheckAbuse(at * SECOND)).as("rejection at %d s", at).isFalse();
        }
        assertThat(guard.rejectAndCheckAbuse(13 * SECOND)).as("3, 6, 9, 12 and 13 s lie within 10 s").isTrue();
    }
}

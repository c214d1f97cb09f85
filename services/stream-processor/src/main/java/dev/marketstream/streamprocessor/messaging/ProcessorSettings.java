package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.streamprocessor.config.StreamProcessorConfig;
import java.time.Duration;

/** The settings the market processor runs with, read once from {@link StreamProcessorConfig} (tests build them directly). */
record ProcessorSettings(Duration maxClockSkew, Duration graceOneSecond, Duration graceOneMinute, int bookSnapshotEvery,
        Duration bookSnapshotInterval) {

    static ProcessorSettings of(StreamProcessorConfig config) {
        return new ProcessorSettings(config.maxClockSkew(), config.graceOneSecond(), config.graceOneMinute(),
                config.bookSnapshotEvery(), config.bookSnapshotInterval());
    }

    /** The grace period of a bar interval (1 s or 1 min). */
    Duration grace(int intervalSeconds) {
        return intervalSeconds < 60 ? graceOneSecond : graceOneMinute;
    }
}

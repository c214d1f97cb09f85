package dev.marketstream.streamprocessor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Everything the stream processor can be told, under {@code processor.*}. */
@ConfigMapping(prefix = "processor")
public interface StreamProcessorConfig {

    /** Ticks stamped further in the future than this are dead-lettered (they would break windowing and Kafka timestamps). */
    @WithDefault("60s")
    Duration maxClockSkew();

    /** How long after a 1-second window ends late ticks are still counted; the bar is emitted after it. */
    @WithDefault("2s")
    Duration graceOneSecond();

    /** How long after a 1-minute window ends late ticks are still counted. */
    @WithDefault("5s")
    Duration graceOneMinute();

    /** A full order-book snapshot replaces the delta on market-orderbook after this many updates of a symbol. */
    @WithDefault("100")
    int bookSnapshotEvery();

    /** ... or once this much exchange time has passed since the symbol's last snapshot. */
    @WithDefault("1s")
    Duration bookSnapshotInterval();

    /** DLQ re-drive: records re-driven this many times are left in the DLQ. */
    @WithDefault("3")
    int maxRedrives();

    Shutdown shutdown();

    /** Closed bars kept in PostgreSQL (DESIGN.md "Bars in PostgreSQL"). */
    History history();

    /** The history writer: {@code market-data-aggregated} into PostgreSQL. */
    interface History {
        /** Whether this instance stores closed bars; every instance runs one member of the writer's consumer group. */
        @WithDefault("true")
        boolean enabled();

        /** The writer's consumer group: its committed offsets mark the bars that are stored. */
        @WithDefault("stream-processor-history")
        String groupId();

        /** Most records read and stored in one transaction. */
        @WithDefault("5000")
        int maxBatch();

        /** How long 1 s bars are kept; partitions (UTC days) that ended longer ago are dropped. */
        @WithDefault("3d")
        Duration secondBarsRetention();

        /** How long 1 min bars and their 5 min / 1 h / 1 day roll-ups are kept. */
        @WithDefault("400d")
        Duration retention();

        /** First wait before a batch PostgreSQL refused is tried again; it doubles up to 30 s. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }

    /** A graceful shutdown (SIGTERM). */
    interface Shutdown {
        /**
         * Bounds the whole shutdown, from the signal to the exit: Kafka Streams' close (its last commit and leaving the
         * group); keep the pod's {@code terminationGracePeriodSeconds} above it.
         */
        @WithDefault("20s")
        Duration timeout();
    }
}

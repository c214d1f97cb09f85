package dev.marketstream.eventprocessor.config;

import dev.marketstream.eventprocessor.redis.StreamKeys;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the event-processor; every value has a default that suits one pod on the local stack. */
@ConfigMapping(prefix = "event-processor")
public interface EventProcessorConfig {

    /** The Redis Streams stage. */
    Stream stream();

    /** How events land in the users' history and channels. */
    Delivery delivery();

    /** The {@code event_processing_log} writer. */
    ProcessingLog processingLog();

    /** The replay API. */
    Replay replay();

    Shutdown shutdown();

    /** Faults injected on purpose, for the chaos suite only ({@code bench/chaos}); all off by default. */
    Fault fault();

    interface Stream {
        /** Stream holding ingested user events until a group member delivers them. */
        @WithDefault(StreamKeys.PORTFOLIO_UPDATES)
        String key();

        /** Stream receiving entries that failed {@link #maxFailures()} times. */
        @WithDefault(StreamKeys.PORTFOLIO_UPDATES_DLQ)
        String deadLetterKey();

        /** Consumer group reading {@link #key()}. */
        @WithDefault(StreamKeys.GROUP)
        String group();

        /** This pod's consumer name in the group; a random one per start when absent (pod name on Kubernetes). */
        Optional<String> consumerName();

        /** Whether this instance runs the stream workers (off for an ingest-only or replay-only instance). */
        @WithDefault("true")
        boolean workerEnabled();

        /** Entries read per XREADGROUP / XAUTOCLAIM call. */
        @WithDefault("200")
        int batchSize();

        /** Delivery lanes one pod runs in parallel; all entries of a key go through one lane, in stream order. */
        @WithDefault("8")
        int concurrency();

        /** How long an entry may stay pending at a silent consumer before another one takes it over (XAUTOCLAIM). */
        @WithDefault("30s")
        Duration visibilityTimeout();

        /** Failed deliveries after which an entry moves to the dead-letter stream. */
        @WithDefault("3")
        int maxFailures();

        /** Pause before an entry that failed (or waits behind an earlier event of its key) is tried again. */
        @WithDefault("500ms")
        Duration retryDelay();

        /** How long XREADGROUP blocks waiting for new entries. */
        @WithDefault("1s")
        Duration readBlock();

        /** Ingest waits (and Kafka consumption pauses) while the stream holds more entries than this. */
        @WithDefault("200000")
        long maxBacklog();

        /** Consumers idle longer than this and holding no entries are removed from the group. */
        @WithDefault("1h")
        Duration staleConsumerAge();
    }

    interface Delivery {
        /** Entries kept in each user's (and the broadcast) history stream, approximately. */
        @WithDefault("1000")
        long historyMaxLength();

        /** How long an event id is remembered as queued, delivered or dead-lettered. */
        @WithDefault("7d")
        Duration idempotencyTtl();
    }

    interface ProcessingLog {
        /** Rows written per statement. */
        @WithDefault("500")
        int batchSize();

        /** Status changes buffered in memory while PostgreSQL is slow or down; beyond it the oldest are dropped and counted. */
        @WithDefault("100000")
        int bufferCapacity();
    }

    interface Replay {
        /** Replay jobs running at once in this pod; more are refused with 429. */
        @WithDefault("2")
        int maxConcurrentJobs();

        /** How long a finished job's report stays readable. */
        @WithDefault("7d")
        Duration jobRetention();
    }

    /** A graceful shutdown (SIGTERM). */
    interface Shutdown {
        /**
         * Bounds the whole shutdown, from the signal to the exit: the stream consumer's last round and the deliveries in flight; keep the pod's
         * {@code terminationGracePeriodSeconds} above it.
         */
        @WithDefault("20s")
        Duration timeout();
    }

    interface Fault {
        /**
         * Halts the JVM ({@code Runtime.halt}, no shutdown hooks: what a SIGKILL does) right after the first round that
         * delivered an event and before it is acknowledged, so a restarted process must find that event delivered and
         * deliver it no second time. Never set it in production.
         */
        @WithDefault("false")
        boolean haltBeforeAck();
    }
}

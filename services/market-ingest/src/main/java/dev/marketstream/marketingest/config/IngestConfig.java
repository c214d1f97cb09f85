package dev.marketstream.marketingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything market-ingest can be told, under {@code ingest.*}. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Provider name to the token it presents ({@code Authorization: Bearer <token>}); unknown tokens get 401. */
    Map<String, String> providerTokens();

    /** Most ticks (valid and dead letters) sent to Kafka but not yet acknowledged; beyond it ingest answers 503. */
    @WithDefault("50000")
    int maxInFlightRecords();

    /** Most items one HTTP request or WebSocket frame may carry. */
    @WithDefault("5000")
    int maxBatchItems();

    /** Largest JSON document (a whole batch) accepted, in bytes. */
    @WithDefault("4194304")
    int maxBatchBytes();

    /** Ticks stamped further in the future than this are rejected (clock skew allowance). */
    @WithDefault("60s")
    Duration maxClockSkew();

    Kafka kafka();

    Synthetic synthetic();

    Replay replay();

    Shutdown shutdown();

    /** The transactional producers that write each batch atomically. */
    interface Kafka {

        /** Parallel transactional producers (one per sender thread). */
        @WithDefault("4")
        int producers();

        /** Prefix of the producers' {@code transactional.id}s; stable per instance so a restart fences its predecessor. */
        @WithDefault("market-ingest-${HOSTNAME:local}")
        String transactionalIdPrefix();

        /** How long a send, commit or metadata wait may block before the batch fails (and the client gets 503). */
        @WithDefault("5s")
        Duration maxBlock();

        @WithDefault("5")
        int lingerMs();

        @WithDefault("262144")
        int batchSize();

        @WithDefault("lz4")
        String compressionType();
    }

    /**
     * The synthetic exchange feed: real S&P 500 names (then derived ones) whose trades walk at random and whose
     * books change a few levels at a time; see {@code SyntheticMarket}.
     */
    interface Synthetic {

        /** Whether the feed starts with the service. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("500")
        int symbols();

        /** Total events (trades and book updates) per second over all symbols. */
        @WithDefault("2000")
        int ticksPerSecond();

        /** Seed of every random draw; the same seed gives the same symbols, prices, sizes and books. */
        @WithDefault("42")
        long seed();

        /** Prepended to every generated symbol (tests use it to keep their symbols apart). */
        @WithDefault("")
        Optional<String> symbolPrefix();

        /** Levels per side of each symbol's book (2 to 50). */
        @WithDefault("10")
        int bookLevels();

        /** Book updates of a symbol per SNAPSHOT: the first update is one, then every this many. */
        @WithDefault("100")
        int snapshotEvery();

        /** Share of events that are trades (0 to 1); the others are book updates. */
        @WithDefault("0.5")
        double tradeRatio();

        /** Most events in one transaction; more waiting than two of these (or one second's worth) are dropped. */
        @WithDefault("10000")
        int maxBatch();

        /**
         * How often the feed sends what is due, one transaction per step: shorter is less latency, longer is fewer
         * transactions (each costs the broker and every read_committed reader a commit, whatever its size).
         */
        @WithDefault("10ms")
        java.time.Duration step();

        /** Whether reference data (sector, market cap, previous close) for the symbols is published at start. */
        @WithDefault("true")
        boolean seedReferenceData();
    }

    /** Replays a recorded CSV or NDJSON file of ticks. */
    interface Replay {

        /** File to play at start-up; nothing is replayed without one. */
        Optional<String> file();

        /** 1.0 plays at the recorded pace, 2.0 twice as fast, 0 as fast as possible. */
        @WithDefault("1.0")
        double speed();

        /** Shift the recorded timestamps so the first tick is stamped "now" (keeps windows and retention sane). */
        @WithDefault("true")
        boolean rebaseTimestamps();
    }

    /** A graceful shutdown (SIGTERM). */
    interface Shutdown {
        /**
         * Bounds the whole shutdown, from the signal to the exit: the last transactions of every lane and closing its producers; keep the pod's
         * {@code terminationGracePeriodSeconds} above it.
         */
        @WithDefault("20s")
        Duration timeout();
    }
}

package dev.marketstream.wsgateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the gateway; defaults suit one pod holding 10,000+ connections. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Name of this pod in Redis counters and the connection table; the host name when unset. */
    Optional<String> podId();

    /**
     * Directory of the built market board (clients/board's {@code dist}), served at {@code /board/}; unset, the pod
     * serves no pages. scripts/run and the board's browser test set it.
     */
    Optional<String> boardDir();

    Limits limits();

    Outbound outbound();

    Sessions sessions();

    Persistence persistence();

    Batching batching();

    Shutdown shutdown();

    History history();

    WarmUp warmUp();

    /** The connect path run on the pod's own endpoint before it reports ready (api.ConnectPathWarmUp). */
    interface WarmUp {
        /** Connect → subscribe → close cycles; 0 turns the warm-up off. */
        @WithDefault("10000")
        int connections();

        /** Cycles running at once. */
        @WithDefault("64")
        int concurrency();

        /** Longest the warm-up may hold readiness back; it ends then, whatever is left. */
        @WithDefault("60s")
        Duration timeout();
    }

    /** Subscribe with history: stored bars before the live candles (DESIGN.md "History on subscribe"). */
    interface History {
        /**
         * Longest a subscribe's history waits for the bar history to reach the live bars (the writer lags the topic by a
         * poll and a transaction); after it the history is sent as stored, ending with the Redis bar.
         */
        @WithDefault("3s")
        Duration seamWait();

        /** How often the history is read again meanwhile. */
        @WithDefault("200ms")
        Duration seamRetry();
    }

    /** What a client may send. */
    interface Limits {
        /** Largest client frame, in bytes, that is parsed; bigger ones get a {@code frame_too_large} error. */
        @WithDefault("8192")
        int maxFrameBytes();

        /** Most symbols in one subscribe frame. */
        @WithDefault("100")
        int maxSymbolsPerRequest();

        /** Most market streams (symbol and data type pairs) one connection may hold. */
        @WithDefault("500")
        int maxStreamsPerConnection();

        /** Frames per second a client may send on average. */
        @WithDefault("20")
        int framesPerSecond();

        /** Frames a client may send in a burst above the average. */
        @WithDefault("40")
        int frameBurst();

        /** Rejected frames (bad input or over the rate) within {@link #abuseWindow()} that close the connection with 1008. */
        @WithDefault("50")
        int abuseThreshold();

        @WithDefault("10s")
        Duration abuseWindow();

        /**
         * Most connections one user (JWT subject) may hold on this pod; the next handshake gets 429. Benchmarks that run
         * all their connections as one user raise it.
         */
        @WithDefault("50")
        int maxConnectionsPerUser();

        /** Largest accepted {@code max_frequency} (updates per second per stream). */
        @WithDefault("100")
        int maxFrequency();
    }

    /** Backpressure towards one client. */
    interface Outbound {
        /**
         * Bytes written to a connection and not yet taken by its kernel socket above which market updates are
         * conflated (the Netty channel's high-water mark; writes resume once half of it is left). Netty counts each
         * frame's bytes plus ~100 for its entry, so 384 KiB hold ~1,000 tick frames: far above what one event-loop
         * batch writes to a client that keeps up, and a client that falls behind for a moment catches up without
         * losing updates. The frames' bytes are shared by all subscribers, so it costs far less memory than it counts.
         */
        @WithDefault("393216")
        int maxUnwrittenBytes();

        /** Frames that cannot be conflated (user events, acknowledgements) queued behind a full socket. */
        @WithDefault("1000")
        int maxQueued();

        /** A client whose backlog has not drained for this long is disconnected with 4001. */
        @WithDefault("30s")
        Duration maxLag();

        /**
         * How long a market update may wait for its event loop before a newer update of the same stream waiting behind
         * it replaces it: bounds the age of what a gateway that cannot keep up sends (see DESIGN.md "Fan-out").
         */
        @WithDefault("100ms")
        Duration laneConflateAfter();

        /**
         * How long the market feed waits, after a poll that was not full, for the event loops to write what it handed
         * them before it polls again: while they are busy, records wait in Kafka instead of their mailboxes and the
         * next poll fetches more of them at once (one fetch instead of one per linger of the producer). Event loops
         * that keep up are never waited for, so it adds no latency to a gateway that is not behind. 0 turns it off.
         */
        @WithDefault("20ms")
        Duration feedWaitForLanes();

        /** Kernel send buffer per connection; a fixed size keeps memory per connection bounded. */
        @WithDefault("65536")
        int socketSendBuffer();
    }

    /** Sessions, idle detection and resume. */
    interface Sessions {
        /** How long a dropped session can be resumed. */
        @WithDefault("2m")
        Duration resumeWindow();

        /**
         * A connection from which nothing (frames, pongs) arrived for this long is closed with 1001, once two pings went
         * unanswered (so never sooner than about three ping intervals).
         */
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * How often each connection is pinged, so that a client that is alive but quiet answers with a pong and is not
         * taken for idle. Sent by the sweep of the connection's event loop: no timer per connection.
         */
        @WithDefault("20s")
        Duration pingInterval();

        /** How often idle connections, throttled streams and lagging clients are checked. */
        @WithDefault("1s")
        Duration sweepInterval();

        /**
         * How often connections whose token expired are looked for (and closed with 4003): one look at the head of the
         * pod's deadlines, so a close comes at most this long after the token's second is over.
         */
        @WithDefault("250ms")
        Duration tokenCheckInterval();

        /** Most user events read from the history at once: on a resume, a seq gap or a Pub/Sub reconnect. */
        @WithDefault("1000")
        int maxReplay();
    }

    /** Connection records in PostgreSQL. */
    interface Persistence {
        /** How often queued connection and subscription records are written (in transactions of 500, DESIGN.md "Database"). */
        @WithDefault("1s")
        Duration flushInterval();

        /** How often the last-heartbeat time of every open connection is updated, in one statement. */
        @WithDefault("30s")
        Duration heartbeatInterval();
    }

    /**
     * The per-connect store calls that are batched (DESIGN.md "Connect path"): stored-subscription lookups, one query
     * per batch, and session saves, one Redis pipeline per batch. Each kind has its own batches with these limits.
     */
    interface Batching {
        /** How long the first call of a batch waits for more before the batch goes. */
        @WithDefault("2ms")
        Duration window();

        /** Most keys (users, sessions) in one batch; a full batch goes at once. */
        @WithDefault("256")
        int maxBatch();

        /** Batches of one kind running at once; the calls behind them wait. */
        @WithDefault("4")
        int maxInFlight();

        /** Calls of one kind that may wait for a batch; past it a call fails at once and is counted. */
        @WithDefault("100000")
        int maxWaiting();
    }

    /** A graceful shutdown (SIGTERM). */
    interface Shutdown {
        /**
         * Bounds the whole shutdown, from the signal to the exit: telling clients to reconnect, the Quarkus phases
         * ({@code quarkus.shutdown.delay}, {@code quarkus.shutdown.timeout}) and writing the last connection records.
         * Keep the pod's {@code terminationGracePeriodSeconds} above it; startup refuses a value that leaves the
         * gateway's own steps less than {@link GatewayBeans#OWN_SHUTDOWN_STEPS}.
         */
        @WithDefault("25s")
        Duration timeout();
    }
}

package dev.marketstream.events.redis;

/**
 * Redis key and channel names shared between services, like {@link dev.marketstream.events.kafka.Topics}
 * for Kafka. Everything the platform keeps in Redis starts with {@code ms:}. The value formats are
 * described in {@code docs/architecture.md} ("Contracts between services").
 */
public final class RedisKeys {

    public static final String PREFIX = "ms:";

    /** Set of every symbol the pipeline has seen or reference data names; the gateway rejects others. */
    public static final String KNOWN_SYMBOLS = PREFIX + "symbols";

    /** Pub/Sub channel carrying system notifications with {@code broadcast: true} to every gateway pod. */
    public static final String BROADCAST_CHANNEL = PREFIX + "deliver:broadcast";
    /** Capped stream of broadcast notifications, for resume. */
    public static final String BROADCAST_HISTORY = PREFIX + "broadcast:history";
    /** Counter giving broadcast notifications their sequence number. */
    public static final String BROADCAST_SEQ = PREFIX + "broadcast:seq";

    private RedisKeys() {
    }

    /**
     * Hash of the latest market value per symbol, written by the pipeline and read by the gateway for
     * subscribe snapshots. {@code dataType} is one of {@code price}, {@code volume}, {@code orderbook},
     * {@code candles}; fields are symbols ({@code SYMBOL:interval} for candles), values encoded envelopes.
     */
    public static String snapshot(String dataType) {
        return PREFIX + "snapshot:" + dataType;
    }

    /** Capped stream of a user's delivered events (portfolio, alerts, targeted notifications), for resume. */
    public static String userHistory(String userId) {
        return PREFIX + "user:" + userId + ":history";
    }

    /** Counter giving a user's events their per-user sequence number. */
    public static String userSeq(String userId) {
        return PREFIX + "user:" + userId + ":seq";
    }

    /** Number of alerts the user has not read yet. */
    public static String unreadAlerts(String userId) {
        return PREFIX + "user:" + userId + ":unread-alerts";
    }

    /** Pub/Sub channel on which the gateway pods holding a user's connections receive that user's events. */
    public static String userChannel(String userId) {
        return PREFIX + "deliver:user:" + userId;
    }

    /** Sorted set of gateway pods by last report time (epoch ms), to sum their counters; owned by ws-gateway. */
    public static final String GATEWAY_PODS = PREFIX + "gateway:pods";

    /**
     * A WebSocket session's resumable state (JSON: owner and subscriptions), kept while connected and for
     * the resume window after a drop; owned by ws-gateway.
     */
    public static String session(String sessionId) {
        return PREFIX + "session:" + sessionId;
    }

    /** One gateway pod's counters (JSON, short TTL): open connections and events per second; owned by ws-gateway. */
    public static String gatewayPod(String podId) {
        return PREFIX + "gateway:pod:" + podId;
    }
}

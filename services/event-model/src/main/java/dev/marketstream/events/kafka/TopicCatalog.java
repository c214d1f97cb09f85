package dev.marketstream.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics the platform needs, with partitions and settings. The local stack and the Helm chart's
 * topic job create exactly these (see {@link TopicProvisioner}).
 */
public final class TopicCatalog {

    /**
     * Market topics are keyed by symbol. Partitions are the stream processor's unit of scale (KEDA adds pods up to
     * the partition count): one processor core drains 70,000-80,000 records/s exactly-once (docs/benchmarks.md,
     * 100,000-129,000 on 2 shared cores), so 100,000 ticks/s with 2x headroom needs about 3 cores, e.g. 3 pods of
     * one core; 12 partitions leave room for 12 pods (about 900,000 records/s) and spread 500+ symbols evenly.
     */
    public static final int MARKET_PARTITIONS = 12;
    /** User topics are keyed by user id, so one user's events stay in order. */
    public static final int USER_PARTITIONS = 12;
    public static final int DLQ_PARTITIONS = 3;

    /** How long market data stays replayable. */
    public static final Duration MARKET_RETENTION = Duration.ofDays(1);
    /** User events are kept longer: they are the audit trail and the source of replays. */
    public static final Duration USER_EVENT_RETENTION = Duration.ofDays(30);
    public static final Duration DLQ_RETENTION = Duration.ofDays(14);

    /** One topic to create. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    private TopicCatalog() {
    }

    public static List<TopicSpec> all() {
        List<TopicSpec> topics = new ArrayList<>();
        for (String market : List.of(Topics.MARKET_DATA_RAW, Topics.MARKET_PRICES, Topics.MARKET_VOLUME,
                Topics.MARKET_ORDERBOOK, Topics.MARKET_DATA_AGGREGATED)) {
            topics.add(new TopicSpec(market, MARKET_PARTITIONS, retention(MARKET_RETENTION)));
        }
        topics.add(new TopicSpec(Topics.REFERENCE_DATA, 3, Map.of("cleanup.policy", "compact")));
        for (String user : List.of(Topics.USER_EVENTS, Topics.TRADING_ALERTS, Topics.SYSTEM_NOTIFICATIONS)) {
            topics.add(new TopicSpec(user, USER_PARTITIONS, retention(USER_EVENT_RETENTION)));
        }
        for (TopicSpec input : List.copyOf(topics)) {
            topics.add(new TopicSpec(Topics.dlq(input.name()), DLQ_PARTITIONS, retention(DLQ_RETENTION)));
        }
        return List.copyOf(topics);
    }

    private static Map<String, String> retention(Duration retention) {
        return Map.of("retention.ms", Long.toString(retention.toMillis()));
    }
}

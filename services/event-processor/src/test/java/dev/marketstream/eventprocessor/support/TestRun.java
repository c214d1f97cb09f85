package dev.marketstream.eventprocessor.support;

import dev.marketstream.eventprocessor.redis.StreamKeys;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.testing.LocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Names unique to one test run, so runs and other engineers' tests on the shared stack never meet. */
public final class TestRun {

    public static final String ID = UUID.randomUUID().toString().substring(0, 8);
    public static final String KAFKA_BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    public static final String REDIS_URI = System.getenv().getOrDefault("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379");
    public static final List<String> INPUT_TOPICS = List.of(Topics.USER_EVENTS, Topics.TRADING_ALERTS, Topics.SYSTEM_NOTIFICATIONS);

    private TestRun() {
    }

    /** The local stack's runtime folder (JWT keys). */
    public static Path runtime() {
        return LocalStack.runtime();
    }

    public static String stream(String purpose) {
        return StreamKeys.PORTFOLIO_UPDATES + ":test-" + ID + "-" + purpose;
    }

    public static String user(String purpose) {
        return "test-" + ID + "-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}

package dev.marketstream.wsgateway.health;

import dev.marketstream.wsgateway.api.ConnectPathWarmUp;
import dev.marketstream.wsgateway.messaging.MarketFeed;
import dev.marketstream.wsgateway.persistence.ConnectionJournalWriter;
import dev.marketstream.wsgateway.redis.RedisUserEventFeed;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a client connecting now would be served: the market feed is assigned and positioned at the end of every
 * market partition and polls, Redis answers (snapshots, sessions and user events depend on it), and the connection
 * journal is writable (PostgreSQL answered and the journal's queue is below its bound), and the connect path was
 * warmed up ({@link ConnectPathWarmUp}).
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements AsyncHealthCheck {

    private final StreamStatus status;
    private final ConnectPathWarmUp warmUp;

    public GatewayReadiness(StreamStatus status, ConnectPathWarmUp warmUp) {
        this.status = status;
        this.warmUp = warmUp;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        boolean kafka = status.kafkaUp();
        boolean journal = status.journalWritable();
        boolean warm = warmUp.ended();
        return status.redisUp().map(redis -> HealthCheckResponse.named("ws-gateway streams")
                .status(kafka && redis && journal && warm)
                .withData("kafka", upOrDown(kafka))
                .withData("redis", upOrDown(redis))
                .withData("journal", upOrDown(journal))
                .withData("warm-up", warmUp.status())
                .build());
    }

    private static String upOrDown(boolean up) {
        return up ? "UP" : "DOWN";
    }

    /** Kafka and Redis status as the gateway sees them, shared with the REST health endpoint. */
    @ApplicationScoped
    public static class StreamStatus {
        private final MarketFeed marketFeed;
        private final RedisUserEventFeed userFeed;
        private final ReactiveRedisDataSource redis;
        private final ConnectionJournalWriter journal;

        public StreamStatus(MarketFeed marketFeed, RedisUserEventFeed userFeed, ReactiveRedisDataSource redis, ConnectionJournalWriter journal) {
            this.marketFeed = marketFeed;
            this.userFeed = userFeed;
            this.redis = redis;
            this.journal = journal;
        }

        public boolean journalWritable() {
            return journal.writable();
        }

        public boolean kafkaUp() {
            return marketFeed.healthy(Duration.ofSeconds(30));
        }

        public Uni<Boolean> redisUp() {
            return redis.execute("PING").map(r -> userFeed.connected())
                    .ifNoItem().after(Duration.ofSeconds(2)).fail()
                    .onFailure().recoverWithItem(false);
        }
    }
}

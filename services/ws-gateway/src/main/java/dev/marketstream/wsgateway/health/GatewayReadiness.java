package dev.marketstream.wsgateway.health;

import dev.marketstream.wsgateway.messaging.MarketFeed;
import dev.marketstream.wsgateway.redis.RedisUserEventFeed;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the market feed polls Kafka and Redis answers (snapshots, sessions and user events depend on it). */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements AsyncHealthCheck {

    private final StreamStatus status;

    public GatewayReadiness(StreamStatus status) {
        this.status = status;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all().unis(Uni.createFrom().item(status.kafkaUp()), status.redisUp()).asTuple().map(up ->
                HealthCheckResponse.named("ws-gateway streams")
                        .status(up.getItem1() && up.getItem2())
                        .withData("kafka", up.getItem1() ? "UP" : "DOWN")
                        .withData("redis", up.getItem2() ? "UP" : "DOWN")
                        .build());
    }

    /** Kafka and Redis status as the gateway sees them, shared with the REST health endpoint. */
    @ApplicationScoped
    public static class StreamStatus {
        private final MarketFeed marketFeed;
        private final RedisUserEventFeed userFeed;
        private final ReactiveRedisDataSource redis;

        public StreamStatus(MarketFeed marketFeed, RedisUserEventFeed userFeed, ReactiveRedisDataSource redis) {
            this.marketFeed = marketFeed;
            this.userFeed = userFeed;
            this.redis = redis;
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

package dev.marketstream.wsgateway.redis;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.GatewayStats;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * This pod's counters in Redis ({@code ms:gateway:pod:{id}} with a short TTL, indexed by
 * {@code ms:gateway:pods}), and the totals over every live pod.
 */
public final class PodCounters {

    private static final Logger LOG = Logger.getLogger(PodCounters.class);

    /** A pod that has not reported for this long no longer counts. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(15);

    private final ReactiveRedisDataSource redis;
    private final String podId;
    private final GatewayStats stats;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private long lastEvents;
    private long lastReportMillis;
    private volatile double eventsPerSecond;

    /** Totals over every live gateway pod. */
    public record Totals(long connections, double eventsPerSecond, int pods) {
    }

    public PodCounters(ReactiveRedisDataSource redis, String podId, GatewayStats stats,
            com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
        this.podId = podId;
        this.stats = stats;
    }

    /** Computes this pod's event rate since the last report and writes both counters; call every few seconds. */
    public synchronized Uni<Void> report() {
        long now = System.currentTimeMillis();
        long events = stats.eventsProcessed.sum();
        if (lastReportMillis != 0 && now > lastReportMillis) {
            eventsPerSecond = (events - lastEvents) * 1000.0 / (now - lastReportMillis);
        }
        lastEvents = events;
        lastReportMillis = now;
        String json;
        try {
            json = mapper.writeValueAsString(new PodReport(stats.activeConnections.get(), eventsPerSecond));
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.value(String.class).setex(RedisKeys.gatewayPod(podId), STALE_AFTER.toSeconds(), json)
                .chain(() -> redis.sortedSet(String.class).zadd(RedisKeys.GATEWAY_PODS, now, podId))
                .chain(() -> redis.sortedSet(String.class).zremrangebyscore(RedisKeys.GATEWAY_PODS,
                        new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now - STALE_AFTER.toMillis())))
                .replaceWithVoid()
                .onFailure().invoke(e -> {
                    // the REST API's cluster totals miss this pod until the next report succeeds
                    stats.errors.increment();
                    LOG.warnf("pod counters of %s not written to Redis: %s", podId, e.toString());
                });
    }

    public Uni<Totals> totals() {
        double since = System.currentTimeMillis() - STALE_AFTER.toMillis();
        return redis.sortedSet(String.class).zrangebyscore(RedisKeys.GATEWAY_PODS, new ScoreRange<>(since, Double.POSITIVE_INFINITY),
                        new ZRangeArgs())
                .chain(pods -> pods.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : redis.value(String.class).mget(pods.stream().map(RedisKeys::gatewayPod).toArray(String[]::new))
                                .map(values -> values.values().stream().filter(v -> v != null).toList()))
                .map(values -> {
                    long connections = 0;
                    double rate = 0;
                    for (String value : values) {
                        PodReport report = read(value);
                        connections += report.connections();
                        rate += report.eventsPerSecond();
                    }
                    return new Totals(connections, rate, values.size());
                });
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    private PodReport read(String json) {
        try {
            return mapper.readValue(json, PodReport.class);
        } catch (java.io.IOException e) {
            return new PodReport(0, 0);
        }
    }

    /** What one pod writes. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PodReport(long connections, double eventsPerSecond) {
    }
}

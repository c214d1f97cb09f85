package dev.marketstream.wsgateway.config;

import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.wsgateway.api.JwtTokens;
import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.EventBackfill;
import dev.marketstream.wsgateway.domain.FanOut;
import dev.marketstream.wsgateway.domain.FrameGuard;
import dev.marketstream.wsgateway.domain.GatewayService;
import dev.marketstream.wsgateway.domain.GatewaySettings;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.HistorySeam;
import dev.marketstream.wsgateway.domain.OrderBooks;
import dev.marketstream.wsgateway.domain.Outbox;
import dev.marketstream.wsgateway.domain.RequestHandler;
import dev.marketstream.wsgateway.domain.SubscriptionIndex;
import dev.marketstream.wsgateway.domain.TokenLifetimes;
import dev.marketstream.wsgateway.redis.EventMapping;
import dev.marketstream.wsgateway.messaging.MarketFeed;
import dev.marketstream.wsgateway.redis.PodCounters;
import dev.marketstream.wsgateway.redis.RedisEventHistory;
import dev.marketstream.wsgateway.redis.RedisMarketSnapshots;
import dev.marketstream.wsgateway.redis.RedisSessionStore;
import dev.marketstream.wsgateway.redis.RedisUserEventFeed;
import dev.marketstream.wsgateway.persistence.CandleHistoryStore;
import dev.marketstream.wsgateway.persistence.ConnectionJournalWriter;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.protocol.ClientFrameParser;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import dev.marketstream.platform.lifecycle.ShutdownBudget;
import dev.marketstream.platform.lifecycle.ShutdownWatchdog;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the gateway's plain classes from configuration and wires them to Redis, Kafka and PostgreSQL. */
public class GatewayBeans {

    /** The least the gateway's own shutdown steps need: closing clients (1012) and writing the journal's backlog. */
    static final Duration OWN_SHUTDOWN_STEPS = Duration.ofSeconds(8);

    @Produces
    @Singleton
    EventCodec codec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    GatewaySettings settings(GatewayConfig config) {
        GatewayConfig.Limits limits = config.limits();
        GatewayConfig.Outbound outbound = config.outbound();
        return new GatewaySettings(limits.maxSymbolsPerRequest(), limits.maxStreamsPerConnection(), limits.maxFrequency(),
                new Outbox.Limits(outbound.maxQueued(), outbound.maxLag().toNanos()),
                new FrameGuard.Limits(limits.framesPerSecond(), limits.frameBurst(), limits.abuseThreshold(), limits.abuseWindow().toNanos()),
                config.sessions().resumeWindow(), config.sessions().idleTimeout(),
                config.sessions().pingInterval(), config.persistence().heartbeatInterval(),
                config.sessions().maxReplay(), limits.maxConnectionsPerUser());
    }

    @Produces
    @Singleton
    PodId podId(GatewayConfig config) {
        return new PodId(config.podId().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
            } catch (UnknownHostException e) {
                return "gateway-" + ProcessHandle.current().pid();
            }
        }));
    }

    @Produces
    @Singleton
    ShutdownBudget shutdownBudget(GatewayConfig config) {
        return ShutdownBudget.fromConfig("gateway.shutdown.timeout", config.shutdown().timeout(), OWN_SHUTDOWN_STEPS);
    }

    @Produces
    @Singleton
    ShutdownWatchdog shutdownWatchdog(ShutdownBudget budget) {
        return ShutdownWatchdog.of("gateway.shutdown.timeout", budget);
    }

    @Produces
    @Singleton
    GatewayStats stats() {
        return new GatewayStats();
    }

    @Produces
    @Singleton
    ServerFrames serverFrames(EventCodec codec) {
        return new ServerFrames(codec.mapper());
    }

    @Produces
    @Singleton
    ClientFrameParser parser(EventCodec codec, GatewayConfig config) {
        return new ClientFrameParser(codec.mapper(), config.limits().maxFrameBytes());
    }

    @Produces
    @Singleton
    EventMapping mapping(EventCodec codec) {
        return new EventMapping(codec);
    }

    @Produces
    @Singleton
    SubscriptionIndex index() {
        return new SubscriptionIndex();
    }

    @Produces
    @Singleton
    OrderBooks books(GatewayStats stats) {
        return new OrderBooks(stats);
    }

    @Produces
    @Singleton
    FanOut fanOut(GatewayConfig config, SubscriptionIndex index, GatewayStats stats) {
        return new FanOut(index, stats, Clock.systemUTC(), System::nanoTime, config.outbound().laneConflateAfter().toNanos());
    }

    @Produces
    @Singleton
    MarketFeed marketFeed(@Identifier("default-kafka-broker") Map<String, Object> kafka, OrderBooks books, FanOut fanOut,
            GatewayStats stats, OpenTelemetry openTelemetry, GatewayConfig config) {
        return new MarketFeed(kafka, books, fanOut, stats, new RecordTracing(openTelemetry, "ws-gateway"),
                config.outbound().feedWaitForLanes());
    }

    @Produces
    @Singleton
    RedisMarketSnapshots snapshots(ReactiveRedisDataSource redis, GatewayStats stats, GatewayConfig config, Vertx vertx) {
        return new RedisMarketSnapshots(redis, stats, batching(config), timer(vertx));
    }

    @Produces
    @Singleton
    RedisSessionStore sessionStore(ReactiveRedisDataSource redis, EventCodec codec, GatewayConfig config, Vertx vertx) {
        return new RedisSessionStore(redis, codec.mapper(), batching(config), timer(vertx));
    }

    @Produces
    @Singleton
    RedisEventHistory history(ReactiveRedisDataSource redis, EventMapping mapping, GatewayStats stats) {
        return new RedisEventHistory(redis, mapping, stats);
    }

    @Produces
    @Singleton
    RedisUserEventFeed userFeed(ReactiveRedisDataSource redis, EventMapping mapping, GatewayStats stats, PodId podId,
            jakarta.enterprise.inject.Instance<GatewayService> gateway, OpenTelemetry openTelemetry) {
        return new RedisUserEventFeed(redis.getRedis(), RedisUserEventFeed.clientName(podId.value()), mapping, stats, gateway::get,
                new RecordTracing(openTelemetry, "ws-gateway"));
    }

    @Produces
    @Singleton
    PodCounters podCounters(ReactiveRedisDataSource redis, PodId podId, GatewayStats stats, EventCodec codec) {
        return new PodCounters(redis, podId.value(), stats, codec.mapper());
    }

    @Produces
    @Singleton
    ConnectionJournalWriter journal(PodId podId, EventCodec codec) {
        return new ConnectionJournalWriter(podId.value(), codec.mapper());
    }

    @Produces
    @Singleton
    PersistentSubscriptionStore persistentSubscriptions(ClientFrameParser parser, EventCodec codec, RedisMarketSnapshots snapshots,
            Vertx vertx, GatewayStats stats, GatewayConfig config) {
        return new PersistentSubscriptionStore(parser, codec.mapper(), snapshots, vertx, stats, batching(config), timer(vertx));
    }

    @Produces
    @Singleton
    CandleHistoryStore candleHistory(io.vertx.mutiny.sqlclient.Pool pool) {
        return new CandleHistoryStore(pool);
    }

    private static Batcher.Limits batching(GatewayConfig config) {
        GatewayConfig.Batching batching = config.batching();
        return new Batcher.Limits(batching.window(), batching.maxBatch(), batching.maxInFlight(), batching.maxWaiting());
    }

    /** Batch windows as Vert.x timers (at least 1 ms, Vert.x's shortest). */
    private static Batcher.Timer timer(Vertx vertx) {
        return (delay, task) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
    }

    @Produces
    @Singleton
    EventBackfill backfill(RedisEventHistory history, GatewaySettings settings, GatewayStats stats) {
        return new EventBackfill(history, settings.maxReplay(), stats);
    }

    @Produces
    @Singleton
    RequestHandler requests(GatewaySettings settings, SubscriptionIndex index, FanOut fanOut, OrderBooks books,
            RedisMarketSnapshots snapshots, RedisSessionStore sessions, EventBackfill backfill, ConnectionJournalWriter journal,
            CandleHistoryStore candles, GatewayConfig config) {
        HistorySeam seam = new HistorySeam(candles, snapshots, fanOut, System::nanoTime,
                new HistorySeam.Timing(config.history().seamWait(), config.history().seamRetry()));
        return new RequestHandler(settings, index, fanOut, books, snapshots, sessions, backfill, journal, seam, Clock.systemUTC());
    }

    @Produces
    @Singleton
    GatewayService gateway(GatewaySettings settings, ClientFrameParser parser, ServerFrames frames, GatewayStats stats,
            RedisSessionStore sessions, RedisUserEventFeed userFeed, ConnectionJournalWriter journal,
            PersistentSubscriptionStore persistent, RequestHandler requests, EventBackfill backfill, JwtTokens tokens) {
        return new GatewayService(settings, parser, frames, stats, System::nanoTime, sessions, userFeed, journal, persistent, requests,
                backfill, tokens, new TokenLifetimes(() -> System.currentTimeMillis() / 1000));
    }

    /** This pod's name in Redis and PostgreSQL. */
    public record PodId(String value) {
    }
}

package dev.marketstream.wsgateway.health;

import dev.marketstream.platform.metrics.LatencyTimers;
import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.persistence.ConnectionJournalWriter;
import dev.marketstream.wsgateway.redis.RedisMarketSnapshots;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.redis.RedisSessionStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;

/** Exports the gateway's counters to Prometheus ({@code /q/metrics}). */
@ApplicationScoped
public class GatewayMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, GatewayStats stats, ConnectionJournalWriter journal,
            RedisSessionStore sessions, PersistentSubscriptionStore stored, RedisMarketSnapshots snapshots) {
        batches(registry, "session_saves", sessions.saves());
        batches(registry, "known_symbol_checks", snapshots.symbolChecks());
        batches(registry, "snapshot_reads", snapshots.reads());
        batches(registry, "stored_subscription_lookups", stored.lookups());
        Gauge.builder("marketstream.gateway.connections.active", stats.activeConnections, Number::doubleValue)
                .description("Open WebSocket connections on this pod").register(registry);
        counter(registry, "marketstream.gateway.events.processed", "Market records and user events received", stats.eventsProcessed);
        counter(registry, "marketstream.gateway.frames.delivered", "Frames written to clients", stats.framesDelivered);
        counter(registry, "marketstream.gateway.processing.errors", "Market records that could not be decoded, and client frames refused",
                stats.errors);
        counter(registry, "marketstream.gateway.frames.rejected", "Client frames answered with an error event", stats.framesRejected);
        counter(registry, "marketstream.gateway.updates.conflated", "Market updates replaced by a newer one before they were written", stats.conflated);
        counter(registry, "marketstream.gateway.orderbook.gaps",
                "Order books that lost their sync (a skipped book sequence) until the next snapshot record", stats.bookGaps);
        counter(registry, "marketstream.gateway.user.events.backfills",
                "History reads of user events a connection missed (resume, seq gap, Pub/Sub reconnect)", stats.eventBackfills);
        counter(registry, "marketstream.gateway.updates.dropped", "Frames discarded because their connection closed first", stats.dropped);
        counter(registry, "marketstream.gateway.disconnects.slow", "Clients disconnected for staying behind (4001)", stats.slowClientDisconnects);
        counter(registry, "marketstream.gateway.disconnects.abuse", "Clients disconnected for sustained bad or excess frames (1008)", stats.abuseDisconnects);
        counter(registry, "marketstream.gateway.disconnects.idle", "Connections closed after the idle timeout (1001)", stats.idleDisconnects);
        counter(registry, "marketstream.gateway.disconnects.token.expired", "Connections closed because their token expired without a refresh (4003)",
                stats.tokenExpiryDisconnects);
        counter(registry, "marketstream.gateway.disconnects.oversized", "Connections closed for a message over the WebSocket size limit (1009)",
                stats.oversizedDisconnects);
        stats.refused.forEach((reason, count) -> FunctionCounter.builder("marketstream.gateway.connections.refused", count,
                LongAdder::doubleValue).description("WebSocket handshakes refused, by reason").tag("reason", reason.tag).register(registry));
        counter(registry, "marketstream.gateway.sessions.save.failures", "Session states not saved to Redis (a resume may miss them)",
                stats.sessionSaveFailures);
        counter(registry, "marketstream.gateway.journal.dropped", "Connection records not written because the queue was full", journal.droppedWrites);
        counter(registry, "marketstream.gateway.journal.written", "Connection records taken from the queue into a transaction", journal.writtenRecords);
        counter(registry, "marketstream.gateway.journal.failed.batches", "Transactions of connection records that failed (their records are lost)",
                journal.failedBatches);
        counter(registry, "marketstream.gateway.journal.unreadable", "Stored subscription parameters that were not JSON (read as empty)",
                journal.unreadableParameters);
        Gauge.builder("marketstream.gateway.journal.queued", journal, ConnectionJournalWriter::queued)
                .description("Connection records waiting to be written to PostgreSQL").register(registry);
        counter(registry, "marketstream.gateway.connections.opened", "WebSocket connections accepted", stats.connectionsOpened);
        counter(registry, "marketstream.gateway.connections.dropped",
                "Connections closed with a code other than 1000 or 1001 (slow consumer, abuse, abnormal close ...)", stats.connectionsDropped);
        stats.exportLatencyTo(marketLatency(registry, "marketstream.gateway.market.latency",
                "Age of market records when the gateway fans them out (tick timestamp to dispatch)"));
        stats.exportWriteLatencyTo(marketLatency(registry, "marketstream.gateway.market.write.latency",
                "Age of market frames when an event loop has written and flushed them to its subscribers (tick timestamp to socket write)"));
        stats.exportUserEventLatencyTo(userEventLatency(registry));
    }

    /** One histogram per user-event type of the age of user events when the gateway hands them to their connections. */
    private static ObjLongConsumer<ServerEvent> userEventLatency(MeterRegistry registry) {
        Map<ServerEvent, Timer> byType = new EnumMap<>(ServerEvent.class);
        for (ServerEvent event : List.of(ServerEvent.PORTFOLIO_UPDATE, ServerEvent.TRADING_ALERT, ServerEvent.SYSTEM_NOTIFICATION)) {
            byType.put(event, LatencyTimers.histogram("marketstream.gateway.user.event.latency",
                    "Age of user events when the gateway hands them to their connections (published to dispatch)")
                    .tag("event_type", event.wireName()).register(registry));
        }
        return (event, micros) -> {
            Timer timer = byType.get(event);
            if (timer != null) {
                timer.record(micros, TimeUnit.MICROSECONDS);
            }
        };
    }

    /**
     * One histogram per data type of the age of market records, never sampled per connection: at fan-out (once per
     * record; the REST API's {@code average_latency_ms} is the mean of the same samples) or at the socket write (once per
     * frame and event loop that wrote it).
     */
    private static ObjLongConsumer<DataType> marketLatency(MeterRegistry registry, String name, String description) {
        Timer[] byType = new Timer[DataType.values().length];
        for (DataType type : DataType.values()) {
            byType[type.ordinal()] = LatencyTimers.histogram(name, description).tag("data_type", type.wireName()).register(registry);
        }
        return (type, micros) -> byType[type.ordinal()].record(micros, TimeUnit.MICROSECONDS);
    }

    /** The counters of one kind of batched store call, tagged with its kind. */
    private static void batches(MeterRegistry registry, String kind, Batcher<?, ?, ?> batcher) {
        counter(registry, "marketstream.gateway.batches.sent", "Batches of store calls sent (one round trip each)", kind, batcher.batches);
        counter(registry, "marketstream.gateway.batches.failed", "Batches the store did not take (every call of each failed)", kind,
                batcher.failedBatches);
        counter(registry, "marketstream.gateway.batches.calls.failed", "Calls answered with a failure because their batch failed", kind,
                batcher.failedCalls);
        counter(registry, "marketstream.gateway.batches.calls.refused", "Calls refused at once because too many were waiting for a batch", kind,
                batcher.refusedCalls);
    }

    private static void counter(MeterRegistry registry, String name, String description, String kind, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tag("kind", kind).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    }
}

package dev.marketstream.wsgateway.health;

import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.persistence.ConnectionJournalWriter;
import dev.marketstream.wsgateway.redis.RedisMarketSnapshots;
import dev.marketstream.wsgateway.redis.RedisSessionStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.LongAdder;

/** Exports the gateway's counters to Prometheus ({@code /q/metrics}). */
@ApplicationScoped
public class GatewayMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, GatewayStats stats, ConnectionJournalWriter journal,
            RedisSessionStore sessions, PersistentSubscriptionStore stored, RedisMarketSnapshots snapshots) {
        batches(registry, "session_saves", sessions.saves());
        batches(registry, "known_symbol_checks", snapshots.symbolChecks());
        batches(registry, "snapshot_reads", snapshots.reads());
        batches(registry, "stored_subscription_lookups", stored.lookups());
        Gauge.builder("gateway.connections.active", stats.activeConnections, Number::doubleValue)
                .description("Open WebSocket connections on this pod").register(registry);
        counter(registry, "gateway.events.processed", "Market records and user events received", stats.eventsProcessed);
        counter(registry, "gateway.frames.delivered", "Frames written to clients", stats.framesDelivered);
        counter(registry, "gateway.frames.rejected", "Client frames answered with an error event", stats.framesRejected);
        counter(registry, "gateway.updates.conflated", "Market updates replaced by a newer one before they were written", stats.conflated);
        counter(registry, "gateway.orderbook.gaps",
                "Order books that lost their sync (a skipped book sequence) until the next snapshot record", stats.bookGaps);
        counter(registry, "gateway.user.events.backfills",
                "History reads of user events a connection missed (resume, seq gap, Pub/Sub reconnect)", stats.eventBackfills);
        counter(registry, "gateway.updates.dropped", "Frames discarded because their connection closed first", stats.dropped);
        counter(registry, "gateway.disconnects.slow", "Clients disconnected for staying behind (4001)", stats.slowClientDisconnects);
        counter(registry, "gateway.disconnects.abuse", "Clients disconnected for sustained bad or excess frames (1008)", stats.abuseDisconnects);
        counter(registry, "gateway.disconnects.idle", "Connections closed after the idle timeout (1001)", stats.idleDisconnects);
        counter(registry, "gateway.disconnects.token.expired", "Connections closed because their token expired without a refresh (4003)",
                stats.tokenExpiryDisconnects);
        counter(registry, "gateway.disconnects.oversized", "Connections closed for a message over the WebSocket size limit (1009)",
                stats.oversizedDisconnects);
        stats.refused.forEach((reason, count) -> FunctionCounter.builder("marketstream.gateway.connections.refused", count,
                LongAdder::doubleValue).description("WebSocket handshakes refused, by reason").tag("reason", reason.tag).register(registry));
        counter(registry, "gateway.sessions.save.failures", "Session states not saved to Redis (a resume may miss them)",
                stats.sessionSaveFailures);
        counter(registry, "gateway.journal.dropped", "Connection records not written because the queue was full", journal.droppedWrites);
        counter(registry, "gateway.journal.written", "Connection records taken from the queue into a transaction", journal.writtenRecords);
        counter(registry, "gateway.journal.failed.batches", "Transactions of connection records that failed (their records are lost)",
                journal.failedBatches);
        counter(registry, "gateway.journal.unreadable", "Stored subscription parameters that were not JSON (read as empty)",
                journal.unreadableParameters);
        Gauge.builder("gateway.journal.queued", journal, ConnectionJournalWriter::queued)
                .description("Connection records waiting to be written to PostgreSQL").register(registry);
        Gauge.builder("gateway.latency.average.ms", stats, GatewayStats::averageLatencyMillis)
                .description("Average age of market records at dispatch (market time to fan-out)").register(registry);
    }

    /** The counters of one kind of batched store call, tagged with its kind. */
    private static void batches(MeterRegistry registry, String kind, Batcher<?, ?, ?> batcher) {
        counter(registry, "gateway.batches.sent", "Batches of store calls sent (one round trip each)", kind, batcher.batches);
        counter(registry, "gateway.batches.failed", "Batches the store did not take (every call of each failed)", kind,
                batcher.failedBatches);
        counter(registry, "gateway.batches.calls.failed", "Calls answered with a failure because their batch failed", kind,
                batcher.failedCalls);
        counter(registry, "gateway.batches.calls.refused", "Calls refused at once because too many were waiting for a batch", kind,
                batcher.refusedCalls);
    }

    private static void counter(MeterRegistry registry, String name, String description, String kind, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tag("kind", kind).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    }
}

package dev.marketstream.gateway.config;

import dev.marketstream.gateway.domain.ClientSession;
import dev.marketstream.gateway.domain.GatewayService;
import dev.marketstream.gateway.messaging.MarketFeed;
import dev.marketstream.gateway.messaging.PodCounters;
import dev.marketstream.gateway.messaging.RedisUserEventFeed;
import dev.marketstream.gateway.persistence.ConnectionJournalWriter;
import dev.marketstream.gateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.gateway.persistence.SafeContext;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the feeds, runs the periodic jobs (idle sweep, batched database writes and heartbeats, pod
 * counters) and shuts down gracefully: clients are told to reconnect elsewhere (1012) and the last
 * records are written before the process exits.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);
    /** How long the shutdown keeps starting transactions of queued connection records (DESIGN.md "Database"). */
    private static final Duration DRAIN_BUDGET = Duration.ofSeconds(8);

    private final GatewayService gateway;
    private final MarketFeed marketFeed;
    private final RedisUserEventFeed userFeed;
    private final ConnectionJournalWriter journal;
    private final PodCounters counters;
    private final PersistentSubscriptionStore persistent;
    private final GatewayConfig config;
    private final io.vertx.core.Vertx vertx;

    public GatewayLifecycle(GatewayService gateway, MarketFeed marketFeed, RedisUserEventFeed userFeed, ConnectionJournalWriter journal,
            PodCounters counters, PersistentSubscriptionStore persistent, GatewayConfig config, io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.persistent = persistent;
        this.gateway = gateway;
        this.marketFeed = marketFeed;
        this.userFeed = userFeed;
        this.journal = journal;
        this.counters = counters;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        warmUpDatabase();
        marketFeed.start();
        userFeed.start();
    }

    /** Parses the database statements before clients arrive, off the event loops that will serve them. */
    private void warmUpDatabase() {
        try {
            SafeContext.run(vertx, () -> journal.warmUp().chain(persistent::warmUp)).await().atMost(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            LOG.warnf("database warm-up failed (the first connections will parse the statements): %s", e.toString());
        }
    }

    @Scheduled(every = "${gateway.sessions.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        gateway.sweep();
    }

    @Scheduled(every = "${gateway.persistence.flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushJournal() {
        return journal.flush();
    }

    @Scheduled(every = "${gateway.persistence.heartbeat-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        gateway.refreshSessions();
        return journal.heartbeat(gateway.sessions().stream().map(ClientSession::connectionId).toList());
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reportCounters() {
        return counters.report().onFailure().recoverWithNull();
    }

    /**
     * First step of a shutdown (SIGTERM), before the HTTP server waits for open requests: new upgrades already get
     * 503, readiness is down, and every client is told to reconnect elsewhere (1012) and closed, so the graceful
     * HTTP shutdown that follows finds no WebSocket left to wait for.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll("shutdown");
    }

    void stop(@Observes ShutdownEvent event) {
        if (gateway.openCount() > 0) {
            closeAll("shutdown (late connections)");
        }
        marketFeed.stop();
        userFeed.stop();
        // No database work may outlive this method: work still running on an event loop once the application has
        // closed its class loader can hang the process for good (docs/benchmarks.md). So: wait for the periodic write
        // in flight, then write the backlog for a bounded time; what does not fit is logged as lost.
        journal.close(Duration.ofSeconds(10));
        try {
            SafeContext.run(vertx, () -> journal.drain(DRAIN_BUDGET))
                    .await().atMost(DRAIN_BUDGET.plusSeconds(5));
        } catch (RuntimeException e) {
            // Never let the last write stop the shutdown: a failing observer leaves the process hanging.
            LOG.warnf("shutdown: last connection records not written: %s", e.toString());
        }
        if (journal.queued() > 0) {
            LOG.warnf("shutdown: %d connection records not written", journal.queued());
        }
    }

    private void closeAll(String phase) {
        int open = gateway.openCount();
        gateway.shutdown("service restart: reconnect and resume your session");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (gateway.openCount() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        LOG.infof("%s: told %d clients to reconnect (1012); %d still open", phase, open, gateway.openCount());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.marketstream.wsgateway.config;

import dev.marketstream.wsgateway.api.ConnectPathWarmUp;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.GatewayService;
import dev.marketstream.wsgateway.messaging.MarketFeed;
import dev.marketstream.wsgateway.redis.PodCounters;
import dev.marketstream.wsgateway.redis.RedisSessionStore;
import dev.marketstream.wsgateway.redis.RedisUserEventFeed;
import dev.marketstream.wsgateway.persistence.ConnectionJournalWriter;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.persistence.SafeContext;
import dev.marketstream.platform.lifecycle.ShutdownBudget;
import dev.marketstream.platform.lifecycle.ShutdownWatchdog;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Starts the feeds, runs the periodic jobs (idle sweep, token expiry, batched database writes and heartbeats, pod
 * counters) and shuts down gracefully: clients are told to reconnect elsewhere (1012) and the last records are written
 * before the process exits. The whole shutdown is bounded by {@code gateway.shutdown.timeout}: each step gets what is
 * left of the {@link ShutdownBudget}, the last log line names what was given up, and the {@link ShutdownWatchdog}
 * halts the process if something (a server that does not answer) holds it past the budget.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);
    /** Usual times of the shutdown's steps; each gets less when the {@link ShutdownBudget} has less left. */
    private static final Duration CLIENTS_CLOSE = Duration.ofSeconds(5);
    private static final Duration FEEDS_STOP = Duration.ofSeconds(5);
    private static final Duration WRITE_IN_FLIGHT = Duration.ofSeconds(10);
    /** How long the shutdown keeps starting transactions of queued connection records (DESIGN.md "Database"). */
    private static final Duration JOURNAL_DRAIN = Duration.ofSeconds(8);
    /** Margin for the drain's last transaction, started just before its deadline. */
    private static final Duration LAST_TRANSACTION = Duration.ofSeconds(5);
    /** How long the shutdown waits for the last session saves (the closed sessions' resume state) to reach Redis. */
    private static final Duration SESSION_SAVES = Duration.ofSeconds(2);

    private final GatewayService gateway;
    private final MarketFeed marketFeed;
    private final RedisUserEventFeed userFeed;
    private final ConnectionJournalWriter journal;
    private final PodCounters counters;
    private final PersistentSubscriptionStore persistent;
    private final RedisSessionStore sessions;
    private final GatewayConfig config;
    private final io.vertx.core.Vertx vertx;
    private final ShutdownBudget budget;
    private final ShutdownWatchdog watchdog;
    private final ConnectPathWarmUp warmUp;
    private long tokenCheckTimer;
    /** Connection records lost before the shutdown began; the summary counts those lost after. */
    private volatile long lostBeforeShutdown = -1;

    public GatewayLifecycle(GatewayService gateway, MarketFeed marketFeed, RedisUserEventFeed userFeed, ConnectionJournalWriter journal,
            PodCounters counters, PersistentSubscriptionStore persistent, RedisSessionStore sessions, GatewayConfig config,
            io.vertx.core.Vertx vertx, ShutdownBudget budget, ShutdownWatchdog watchdog, ConnectPathWarmUp warmUp) {
        this.vertx = vertx;
        this.warmUp = warmUp;
        this.watchdog = watchdog;
        this.sessions = sessions;
        this.budget = budget;
        this.persistent = persistent;
        this.gateway = gateway;
        this.marketFeed = marketFeed;
        this.userFeed = userFeed;
        this.journal = journal;
        this.counters = counters;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        // The warm-up's connections are the pod's own, not clients': their records go once written.
        warmUp.onEnd(() -> journal.forget(warmUp.users()));
        warmUpDatabase();
        marketFeed.start();
        userFeed.start();
        // The scheduler runs nothing more often than once a second: one Vert.x timer for the pod, not one per connection.
        tokenCheckTimer = vertx.setPeriodic(Math.max(1, config.sessions().tokenCheckInterval().toMillis()), id -> gateway.expireTokens());
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
        return counters.report().onFailure().recoverWithNull(); // logged and counted by the counters
    }

    /**
     * First step of a shutdown (SIGTERM), before the HTTP server waits for open requests: new upgrades already get
     * 503, readiness is down, and every client is told to reconnect elsewhere (1012) and closed, so the graceful
     * HTTP shutdown that follows finds no WebSocket left to wait for.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        markShutdownStart();
        watchdog.start();
        vertx.cancelTimer(tokenCheckTimer);
        watchdog.step("telling clients to reconnect (1012)");
        closeAll("shutdown");
        watchdog.step("waiting for open HTTP requests (quarkus.shutdown.delay and timeout)");
    }

    void stop(@Observes ShutdownEvent event) {
        markShutdownStart();
        watchdog.start();
        vertx.cancelTimer(tokenCheckTimer);
        List<String> gaveUp = new ArrayList<>();
        if (gateway.openCount() > 0) {
            watchdog.step("telling late clients to reconnect (1012)");
            closeAll("shutdown (late connections)");
        }
        watchdog.step("sending the last session saves to Redis");
        if (!flushSessionSaves()) {
            gaveUp.add("session saves to Redis");
        }
        watchdog.step("stopping the Kafka market feed");
        if (!marketFeed.stop(budget.upTo(FEEDS_STOP))) {
            gaveUp.add("the Kafka market feed's thread");
        }
        userFeed.stop();
        watchdog.step("writing the last connection records to PostgreSQL");
        writeJournalBacklog();
        long lost = journal.lostRecords.sum() - lostBeforeShutdown + journal.queued();
        if (lost > 0) {
            gaveUp.add(lost + " connection records PostgreSQL did not take");
        }
        LOG.infof("shutdown: own steps done with %d ms of gateway.shutdown.timeout=%ds left; gave up on %s", budget.remaining().toMillis(),
                budget.timeout().toSeconds(), gaveUp.isEmpty() ? "nothing" : String.join(", ", gaveUp));
        watchdog.step("Quarkus closing its clients (Vert.x, Redis, PostgreSQL pools)");
    }

    private synchronized void markShutdownStart() {
        if (lostBeforeShutdown < 0) {
            lostBeforeShutdown = journal.lostRecords.sum();
        }
    }

    /** Waits for the periodic write in flight, then writes the backlog for a bounded time; what does not fit stays queued. */
    private void writeJournalBacklog() {
        // No database work may outlive this method: work still running on an event loop once the application has
        // closed its class loader can hang the process for good (docs/benchmarks.md). So: wait for the periodic write
        // in flight, then write the backlog for a bounded time; what does not fit is logged as lost.
        journal.close(budget.upTo(WRITE_IN_FLIGHT));
        Duration writeWindow = budget.upTo(JOURNAL_DRAIN.plus(LAST_TRANSACTION));
        Duration startTransactionsFor = writeWindow.compareTo(LAST_TRANSACTION) > 0 ? writeWindow.minus(LAST_TRANSACTION) : Duration.ZERO;
        try {
            if (!writeWindow.isZero()) {
                SafeContext.run(vertx, () -> journal.drain(startTransactionsFor)).await().atMost(writeWindow);
            }
        } catch (RuntimeException e) {
            // Never let the last write stop the shutdown: a failing observer leaves the process hanging.
            LOG.warnf("shutdown: last connection records not written: %s", e.toString());
        }
    }

    private void closeAll(String phase) {
        warmUp.stop();
        int open = gateway.openCount();
        gateway.shutdown("service restart: reconnect and resume your session");
        long deadline = System.nanoTime() + budget.upTo(CLIENTS_CLOSE).toNanos();
        while (gateway.openCount() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        LOG.infof("%s: told %d clients to reconnect (1012); %d still open", phase, open, gateway.openCount());
    }

    /** Sends the session saves still batched (the closed sessions' resume state) and waits a bounded time; true if all went. */
    private boolean flushSessionSaves() {
        sessions.saves().flushNow();
        long deadline = System.nanoTime() + budget.upTo(SESSION_SAVES).toNanos();
        while (!sessions.saves().idle() && System.nanoTime() < deadline) {
            sleep(10);
            sessions.saves().flushNow();
        }
        if (!sessions.saves().idle()) {
            LOG.warnf("shutdown: session saves still pending after %s; those sessions may not resume as they were", SESSION_SAVES);
            return false;
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

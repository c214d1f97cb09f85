package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import dev.marketstream.eventprocessor.persistence.ProcessingLogWriter;
import dev.marketstream.eventprocessor.redis.RedisReplies;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.platform.lifecycle.ShutdownBudget;
import dev.marketstream.platform.threads.NamedThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs this pod's member of the consumer group on a thread of its own (blocking Redis calls never
 * touch an event loop), delivering with at most {@code concurrency} keys in parallel. While Redis is
 * unreachable it backs off and tries again; entries stay pending and nothing is lost.
 */
@ApplicationScoped
public class StreamWorkers {

    private static final Logger LOG = Logger.getLogger(StreamWorkers.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);
    /** Beyond one blocking read: the deliveries in flight finishing. */
    private static final Duration OWN_SHUTDOWN_MARGIN = Duration.ofSeconds(2);

    private final UserEventStore store;
    private final EventProcessorConfig config;
    private final ShutdownBudget shutdown;
    private final ProcessingLogWriter processingLog;
    private final DeliveryCounts deliveries;
    private final EventCodec codec = new EventCodec();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private ExecutorService executor;
    private Thread loop;
    private StreamConsumer consumer;

    public StreamWorkers(UserEventStore store, EventProcessorConfig config, ProcessingLogWriter processingLog,
            DeliveryCounts deliveries) {
        this.store = store;
        this.config = config;
        this.shutdown = ShutdownBudget.fromConfig("event-processor.shutdown.timeout", config.shutdown().timeout(),
                config.stream().readBlock().plus(OWN_SHUTDOWN_MARGIN));
        this.processingLog = processingLog;
        this.deliveries = deliveries;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.stream().workerEnabled()) {
            LOG.info("stream worker disabled");
            return;
        }
        String name = config.stream().consumerName().orElseGet(StreamWorkers::generatedName);
        executor = Executors.newFixedThreadPool(config.stream().concurrency(), NamedThreads.numbered("stream-deliver"));
        consumer = new StreamConsumer(store, StreamSettings.from(config.stream(), name), codec, executor,
                processingLog::record, deliveries::count, Clock.systemUTC());
        running.set(true);
        loop = NamedThreads.single("stream-consumer", this::run);
        loop.start();
        LOG.infof("consumer %s reading %s in group %s", name, config.stream().key(), config.stream().group());
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        shutdown.begin();
        if (loop == null) {
            return;
        }
        running.set(false);
        loop.join(Math.max(1, shutdown.upTo(config.stream().readBlock().plusSeconds(5)).toMillis()));
        executor.shutdown();
        executor.awaitTermination(shutdown.upTo(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the last round reached Redis. */
    public boolean healthy() {
        return loop == null || consecutiveFailures.get() == 0;
    }

    private void run() {
        boolean groupReady = false;
        Instant nextHousekeeping = Instant.now();
        while (running.get()) {
            try {
                if (!groupReady) {
                    consumer.start();
                    groupReady = true;
                }
                runRound();
                consecutiveFailures.set(0);
                if (Instant.now().isAfter(nextHousekeeping)) {
                    housekeeping();
                    nextHousekeeping = Instant.now().plus(HOUSEKEEPING_INTERVAL);
                }
            } catch (RuntimeException e) {
                groupReady = groupReady && !RedisReplies.isNoGroup(e);
                backOff(e);
            }
        }
    }

    private void runRound() {
        if (!config.fault().haltBeforeAck()) {
            consumer.runOnce();
            return;
        }
        List<StreamConsumer.Result> results = consumer.deliver(consumer.take());
        if (results.stream().anyMatch(result -> result.outcome() == DeliveryOutcome.DELIVERED)) {
            // event-processor.fault.halt-before-ack: the crash the chaos suite proves harmless
            LOG.warnf("halting between delivery and acknowledgement of %d entries (event-processor.fault.halt-before-ack)",
                    results.size());
            Runtime.getRuntime().halt(137);
        }
        consumer.acknowledge(results);
    }

    private void housekeeping() {
        store.trimAcknowledged(config.stream().key(), config.stream().group());
        store.removeIdleConsumers(config.stream().key(), config.stream().group(), config.stream().staleConsumerAge())
                .forEach(name -> LOG.infof("removed idle consumer %s from group %s", name, config.stream().group()));
    }

    private void backOff(RuntimeException e) {
        int failures = consecutiveFailures.incrementAndGet();
        long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 6));
        if (failures == 1 || failures % 20 == 0) {
            LOG.warnf("stream consumer cannot reach Redis (%d times in a row, retrying in %d ms): %s", failures, millis, e.toString());
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private static String generatedName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "event-processor";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

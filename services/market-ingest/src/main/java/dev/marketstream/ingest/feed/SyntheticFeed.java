package dev.marketstream.ingest.feed;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.ingest.config.IngestConfig;
import dev.marketstream.ingest.domain.ParsedBatch;
import dev.marketstream.ingest.domain.SyntheticMarket;
import dev.marketstream.ingest.messaging.TickPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The synthetic exchange feed: every 10 ms it generates the ticks due at the configured rate. One
 * batch is in flight at a time (so the feed's ticks reach each partition in time order); ticks due
 * meanwhile wait, up to one second's worth, and go out together in the next batch, so batches grow
 * when Kafka is slow. Like a live feed it does not queue beyond that: ticks that do not fit, or whose
 * batch the publisher refuses (buffer full, Kafka down), are dropped and counted in
 * {@code ingest.synthetic.dropped}.
 */
@ApplicationScoped
public class SyntheticFeed implements FeedAdapter {

    public static final String SOURCE = "synthetic-feed";
    private static final Logger LOG = Logger.getLogger(SyntheticFeed.class);
    private static final long PERIOD_MS = 10;
    /** Largest batch (one transaction) the feed sends. */
    private static final int MAX_BATCH = 10_000;

    private final IngestConfig.Synthetic config;
    private final TickPublisher publisher;
    private final Counter dropped;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "synthetic-feed");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> run;

    public SyntheticFeed(IngestConfig config, TickPublisher publisher, MeterRegistry meters) {
        this.config = config.synthetic();
        this.publisher = publisher;
        this.dropped = meters.counter("ingest.synthetic.dropped");
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    @Override
    public String name() {
        return SOURCE;
    }

    /** Starts the configured market: publishes its reference data (if enabled), then ticks. */
    @Override
    public void start() {
        SyntheticMarket market = new SyntheticMarket(config.symbols(), config.seed(), config.symbolPrefix().orElse(""),
                config.bookLevels());
        if (config.seedReferenceData()) {
            try {
                seedReferenceData(market).await().atMost(Duration.ofSeconds(60));
                LOG.infof("published reference data of %d synthetic symbols", config.symbols());
            } catch (RuntimeException e) {
                LOG.warnf("reference data not published (%s); prices will carry no change until it is", e.toString());
            }
        }
        start(market, config.ticksPerSecond());
    }

    /** Publishes the market's reference data to the compacted reference-data topic. */
    public Uni<Void> seedReferenceData(SyntheticMarket market) {
        Instant now = Instant.now();
        return publisher.publishEnvelopes(SOURCE, Topics.REFERENCE_DATA,
                market.referenceData().stream().map(r -> EventEnvelope.of(SOURCE, now, r)).toList());
    }

    /** Runs the given market at the given total rate until {@link #stop()}. */
    public synchronized void start(SyntheticMarket market, int ticksPerSecond) {
        stop();
        Pacer pacer = new Pacer(market, ticksPerSecond, System.nanoTime());
        run = scheduler.scheduleAtFixedRate(() -> emit(pacer), 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        LOG.infof("synthetic feed running at %d ticks/s", ticksPerSecond);
    }

    @Override
    public synchronized void stop() {
        if (run != null) {
            run.cancel(false);
            run = null;
        }
    }

    @Override
    public synchronized boolean running() {
        return run != null;
    }

    private void emit(Pacer pacer) {
        try {
            int due = pacer.due(System.nanoTime());
            int generated = Math.min(due, pacer.room());
            dropped.increment(due - generated);
            Instant now = Instant.now();
            for (int i = 0; i < generated; i++) {
                pacer.pending.add(pacer.market.nextTick(now));
            }
            if (pacer.pending.isEmpty() || !pacer.inFlight.compareAndSet(false, true)) {
                return;
            }
            int size = Math.min(pacer.pending.size(), MAX_BATCH);
            List<MarketTick> batch = new ArrayList<>(pacer.pending.subList(0, size));
            pacer.pending.subList(0, size).clear();
            publisher.publish(SOURCE, new ParsedBatch(batch, List.of())).subscribe().with(
                    ok -> pacer.inFlight.set(false),
                    failure -> {
                        dropped.increment(batch.size());
                        pacer.inFlight.set(false);
                    });
        } catch (RuntimeException e) {
            LOG.error("synthetic feed step failed", e);
        }
    }

    /**
     * The state of one run, touched by the feed thread only (but {@code inFlight}): how many ticks are
     * due since the last step at a steady rate, and the ticks waiting for the batch in flight to finish.
     */
    static final class Pacer {
        final SyntheticMarket market;
        final List<MarketTick> pending = new ArrayList<>();
        final AtomicBoolean inFlight = new AtomicBoolean();
        private final int ticksPerSecond;
        private final long startNanos;
        private long emitted;

        Pacer(SyntheticMarket market, int ticksPerSecond, long startNanos) {
            this.market = market;
            this.ticksPerSecond = ticksPerSecond;
            this.startNanos = startNanos;
        }

        /** Ticks that may still wait: one second's worth, and never more than two batches. */
        int room() {
            return Math.max(0, Math.min(Math.max(ticksPerSecond, 1), 2 * MAX_BATCH) - pending.size());
        }

        int due(long nowNanos) {
            long target = (nowNanos - startNanos) * ticksPerSecond / 1_000_000_000L;
            long due = Math.min(target - emitted, ticksPerSecond);
            emitted = target; // a step that fell more than a second behind forgets the rest
            return (int) Math.max(0, due);
        }
    }

    @PreDestroy
    void shutdown() {
        stop();
        scheduler.shutdownNow();
    }
}

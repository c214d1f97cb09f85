package dev.marketstream.marketingest.messaging;

import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.marketingest.config.IngestConfig;
import dev.marketstream.marketingest.domain.MarketBatch;
import dev.marketstream.marketingest.domain.SyntheticMarket;
import dev.marketstream.marketingest.messaging.TickPublisher;
import dev.marketstream.platform.threads.NamedThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The synthetic exchange feed: every step (10 ms by default) it generates the events (trades and book updates) due at the configured
 * rate, straight into binary records, in batches of at most {@code max-batch} events, each batch one transaction
 * with its own trace. One batch is in flight at a time, so the feed's records reach each partition in order (book
 * sequence numbers rise). Events due meanwhile wait, up to one second's worth and never more than two batches, and
 * leave with the next step, so batches grow when Kafka is slow; a full batch waiting leaves as soon as the one in
 * flight commits (sending every partial batch at once would mean many small transactions). Like a live feed it does
 * not queue beyond that: events that do not fit, or whose batch the publisher refuses (buffer full, Kafka down),
 * are dropped and counted in {@code ingest.synthetic.dropped}; a reader of a book that lost updates that way sees
 * the gap and waits for the symbol's next SNAPSHOT.
 */
@ApplicationScoped
public class SyntheticFeed implements FeedAdapter {

    public static final String SOURCE = "synthetic-feed";
    private static final Logger LOG = Logger.getLogger(SyntheticFeed.class);

    private final IngestConfig.Synthetic config;
    private final TickPublisher publisher;
    private final Counter dropped;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.named("synthetic-feed"));
    private ScheduledFuture<?> run;
    private Pacer pacer;

    public SyntheticFeed(IngestConfig config, TickPublisher publisher, MeterRegistry meters) {
        this.config = config.synthetic();
        this.publisher = publisher;
        this.dropped = meters.counter("marketstream.ingest.synthetic.dropped");
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

    /** The market the configuration describes. */
    public SyntheticMarket.Settings settings() {
        return new SyntheticMarket.Settings(config.symbols(), config.seed(), config.symbolPrefix().orElse(""),
                config.bookLevels(), config.snapshotEvery(), config.tradeRatio());
    }

    /** Starts the configured market: publishes its reference data (if enabled), then its events. */
    @Override
    public void start() {
        SyntheticMarket market = new SyntheticMarket(settings(), SOURCE);
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

    /** Publishes the market's reference data to the compacted reference-data topic, in one transaction. */
    public Uni<Void> seedReferenceData(SyntheticMarket market) {
        MarketBatch batch = MarketBatch.traced(market.settings().symbols());
        market.referenceData(Envelopes.now(), batch);
        return publisher.publishReferenceData(SOURCE, batch);
    }

    /** Runs the given market at the given total rate until {@link #stop()}; the market is the feed thread's from now on. */
    public synchronized void start(SyntheticMarket market, int ticksPerSecond) {
        stop();
        pacer = new Pacer(market, ticksPerSecond, config.maxBatch(), System.nanoTime());
        Pacer running = pacer;
        run = scheduler.scheduleAtFixedRate(() -> emit(running), 0, config.step().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("synthetic feed running at %d events/s over %d symbols", ticksPerSecond, market.settings().symbols());
    }

    @Override
    public synchronized void stop() {
        if (run != null) {
            run.cancel(false);
            run = null;
            pacer.stopped = true;
            pacer = null;
        }
    }

    @Override
    public synchronized boolean running() {
        return run != null;
    }

    /** One step on the feed thread: generates what is due, and sends the oldest waiting batch if none is in flight. */
    private void emit(Pacer pacer) {
        if (pacer.stopped) {
            return;
        }
        try {
            int due = pacer.due(System.nanoTime());
            int generated = Math.min(due, pacer.room());
            if (due > generated) {
                dropped.increment(due - generated);
            }
            if (generated > 0) {
                pacer.generate(generated, Envelopes.now());
            }
            if (!pacer.inFlight.compareAndSet(false, true)) {
                return;
            }
            MarketBatch batch = pacer.take();
            if (batch == null) {
                pacer.inFlight.set(false);
                return;
            }
            publisher.publishTicks(SOURCE, batch).subscribe().with(
                    ok -> sent(pacer),
                    failure -> {
                        dropped.increment(batch.size());
                        sent(pacer);
                    });
        } catch (RuntimeException e) {
            LOG.error("synthetic feed step failed", e);
        }
    }

    /** The batch in flight is done: a full batch waiting leaves now; a partial one grows until the next step. */
    private void sent(Pacer pacer) {
        pacer.inFlight.set(false);
        if (!pacer.stopped && pacer.fullBatchWaiting()) {
            try {
                scheduler.execute(() -> emit(pacer));
            } catch (RejectedExecutionException e) {
                LOG.debug("synthetic feed shut down with a batch just sent");
            }
        }
    }

    /**
     * The state of one run, touched by the feed thread only (but {@code inFlight} and {@code stopped}): how many
     * events are due since the last step at a steady rate, and the batches waiting for the one in flight.
     */
    static final class Pacer {
        final SyntheticMarket market;
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile boolean stopped;
        private final ArrayDeque<MarketBatch> waiting = new ArrayDeque<>();
        private final int ticksPerSecond;
        private final int maxBatch;
        private final long startNanos;
        private long emitted;
        private volatile int waitingEvents;

        Pacer(SyntheticMarket market, int ticksPerSecond, int maxBatch, long startNanos) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("ingest.synthetic.max-batch must be at least 1, not " + maxBatch);
            }
            this.market = market;
            this.ticksPerSecond = ticksPerSecond;
            this.maxBatch = maxBatch;
            this.startNanos = startNanos;
        }

        /** Events that may still wait: one second's worth, and never more than two batches. */
        int room() {
            return Math.max(0, Math.min(Math.max(ticksPerSecond, 1), 2 * maxBatch) - waitingEvents);
        }

        int due(long nowNanos) {
            long target = (nowNanos - startNanos) * ticksPerSecond / 1_000_000_000L;
            long due = Math.min(target - emitted, ticksPerSecond);
            emitted = target; // a step that fell more than a second behind forgets the rest
            return (int) Math.max(0, due);
        }

        /** Generates events into the newest waiting batch, starting another (with its own trace) when it is full. */
        void generate(int count, long nowNanos) {
            MarketBatch batch = waiting.peekLast();
            for (int i = 0; i < count; i++) {
                if (batch == null || batch.size() >= maxBatch) {
                    batch = MarketBatch.traced(Math.min(maxBatch, count - i));
                    waiting.addLast(batch);
                }
                market.next(nowNanos, batch);
            }
            waitingEvents += count;
        }

        /** Whether the oldest waiting batch is full (read from another thread: a stale answer only delays a send). */
        boolean fullBatchWaiting() {
            return waitingEvents >= maxBatch;
        }

        /** The oldest waiting batch, or null. */
        MarketBatch take() {
            MarketBatch batch = waiting.pollFirst();
            if (batch != null) {
                waitingEvents -= batch.size();
            }
            return batch;
        }
    }

    @PreDestroy
    void shutdown() {
        stop();
        scheduler.shutdownNow();
    }
}

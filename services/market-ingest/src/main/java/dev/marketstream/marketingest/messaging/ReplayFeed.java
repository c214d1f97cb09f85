package dev.marketstream.marketingest.messaging;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.marketingest.config.IngestConfig;
import dev.marketstream.marketingest.domain.BatchParser;
import dev.marketstream.marketingest.domain.ParsedBatch;
import dev.marketstream.marketingest.domain.ReplayReader;
import dev.marketstream.marketingest.messaging.IngestUnavailableException;
import dev.marketstream.marketingest.messaging.TickPublisher;
import dev.marketstream.platform.threads.NamedThreads;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plays a recording (CSV or NDJSON) at its original pace, scaled by a speed factor, or as fast as
 * Kafka takes it (speed 0). Unlike the live feed, a replay loses nothing: a refused batch is sent
 * again after the publisher's {@code Retry-After}. Bad lines go to the DLQ like bad provider items.
 */
@ApplicationScoped
public class ReplayFeed implements FeedAdapter {

    public static final String SOURCE = "replay";
    private static final Logger LOG = Logger.getLogger(ReplayFeed.class);
    private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_ATTEMPTS = 60;

    /** What a finished replay did. */
    public record Result(long published, long rejected) {
    }

    private final IngestConfig config;
    private final TickPublisher publisher;
    private final BatchParser parser;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(NamedThreads.named("replay-feed"));
    private volatile boolean stopped;
    private volatile boolean running;

    public ReplayFeed(IngestConfig config, TickPublisher publisher, BatchParser parser) {
        this.config = config;
        this.publisher = publisher;
        this.parser = parser;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.replay().file().isPresent()) {
            start();
        }
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public void start() {
        IngestConfig.Replay replay = config.replay();
        Path file = Path.of(replay.file().orElseThrow(() -> new IllegalStateException("ingest.replay.file is not set")));
        replay(file, replay.speed(), replay.rebaseTimestamps()).whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "replay of %s failed", file);
            } else {
                LOG.infof("replay of %s done: %d ticks published, %d lines rejected", file, result.published(), result.rejected());
            }
        });
    }

    /** Plays the file; the future completes when every line has been published or dead-lettered. */
    public CompletableFuture<Result> replay(Path file, double speed, boolean rebaseTimestamps) {
        if (speed < 0) {
            throw new IllegalArgumentException("speed must not be negative");
        }
        stopped = false;
        return CompletableFuture.supplyAsync(() -> {
            running = true;
            try (ReplayReader reader = new ReplayReader(file, parser)) {
                return play(reader, speed, rebaseTimestamps);
            } finally {
                running = false;
            }
        }, worker);
    }

    private Result play(ReplayReader reader, double speed, boolean rebase) {
        long startNanos = System.nanoTime();
        Instant first = null;
        Duration shift = Duration.ZERO;
        long published = 0;
        long rejected = 0;
        List<MarketTick> ticks = new ArrayList<>();
        List<ParsedBatch.Rejected> bad = new ArrayList<>();
        long batchDue = Long.MIN_VALUE;
        for (ReplayReader.Line line = reader.next(); line != null && !stopped; line = reader.next()) {
            if (line.tick() == null) {
                bad.add(line.rejected());
                continue;
            }
            MarketTick tick = line.tick();
            if (first == null) {
                first = tick.timestamp();
                shift = rebase ? Duration.between(first, Instant.now()) : Duration.ZERO;
            }
            long due = speed == 0 ? startNanos
                    : startNanos + (long) (Duration.between(first, tick.timestamp()).toNanos() / speed);
            if (!ticks.isEmpty() && (due - batchDue > BATCH_WINDOW_NANOS || ticks.size() >= config.maxBatchItems())) {
                published += ticks.size();
                rejected += bad.size();
                send(batchDue, ticks, bad);
                ticks = new ArrayList<>();
                bad = new ArrayList<>();
            }
            if (ticks.isEmpty()) {
                batchDue = due;
            }
            ticks.add(shift.isZero() ? tick : new MarketTick(tick.symbol(), tick.price(), tick.volume(),
                    tick.timestamp().plus(shift), tick.exchange(), tick.bids(), tick.asks()));
        }
        if (!ticks.isEmpty() || !bad.isEmpty()) {
            published += ticks.size();
            rejected += bad.size();
            send(batchDue, ticks, bad);
        }
        return new Result(published, rejected);
    }

    private void send(long dueNanos, List<MarketTick> ticks, List<ParsedBatch.Rejected> bad) {
        sleepNanos(dueNanos - System.nanoTime());
        ParsedBatch batch = new ParsedBatch(ticks, bad);
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publish(SOURCE, batch).await().atMost(Duration.ofMinutes(1));
                return;
            } catch (IngestUnavailableException e) {
                if (attempt == MAX_ATTEMPTS || stopped) {
                    throw e;
                }
                LOG.debugf("replay batch refused (%s), retrying in %d s", e.getMessage(), e.retryAfterSeconds());
                sleepNanos(TimeUnit.SECONDS.toNanos(e.retryAfterSeconds()));
            }
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", e);
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public boolean running() {
        return running;
    }

    @PreDestroy
    void shutdown() {
        stop();
        worker.shutdownNow();
    }
}

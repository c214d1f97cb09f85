package dev.marketstream.eventprocessor.health;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The user-event stream's length, the group's pending entries and lag, and the dead-letter stream's length as gauges,
 * sampled from Redis every 10 s (never per event, and never on a scrape): what the stream-length alert and the
 * dashboards read. A sample that fails keeps the last values and is logged.
 */
@ApplicationScoped
public class StreamBacklogMetrics {

    private static final Logger LOG = Logger.getLogger(StreamBacklogMetrics.class);

    private final UserEventStore store;
    private final EventProcessorConfig.Stream stream;
    private final AtomicLong length = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    public StreamBacklogMetrics(UserEventStore store, EventProcessorConfig config, MeterRegistry registry) {
        this.store = store;
        this.stream = config.stream();
        Tags streamTag = Tags.of("stream", stream.key());
        Tags groupTags = streamTag.and("group", stream.group());
        Gauge.builder("marketstream.eventprocessor.stream.length", length, AtomicLong::get).tags(streamTag)
                .description("Entries in the user-event stream (trimmed to the oldest pending one)").register(registry);
        Gauge.builder("marketstream.eventprocessor.stream.pending", pending, AtomicLong::get).tags(groupTags)
                .description("Entries read by a group member and not acknowledged yet").register(registry);
        Gauge.builder("marketstream.eventprocessor.stream.lag", lag, AtomicLong::get).tags(groupTags)
                .description("Entries the group has not read yet").register(registry);
        Gauge.builder("marketstream.eventprocessor.dlq.length", deadLetters, AtomicLong::get)
                .tags(Tags.of("stream", stream.deadLetterKey()))
                .description("Entries in the dead-letter stream, waiting for an operator").register(registry);
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        try {
            UserEventStore.GroupBacklog backlog = store.backlog(stream.key(), stream.group());
            length.set(backlog.length());
            pending.set(backlog.pending());
            lag.set(backlog.lag());
            deadLetters.set(store.length(stream.deadLetterKey()));
        } catch (RuntimeException e) {
            LOG.warnf("stream backlog not sampled (keeping the last values): %s", e.toString());
        }
    }
}

package dev.marketstream.eventprocessor.persistence;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.StatusChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jboss.logging.Logger;

/**
 * Keeps {@code event_processing_log} without slowing the pipeline: callers only put a status change in
 * a bounded buffer; every second the buffer is drained and written as a few multi-row upserts, keeping
 * the latest change per event. When PostgreSQL is down the changes wait in the buffer (and are written
 * later); a full buffer drops the oldest and counts them, since Kafka keeps the events themselves.
 */
@ApplicationScoped
public class ProcessingLogWriter {

    private static final Logger LOG = Logger.getLogger(ProcessingLogWriter.class);

    private final BlockingQueue<StatusChange> buffer;
    private final ProcessingLogRepository repository;
    private final int batchSize;
    private final Counter dropped;
    private final Counter written;

    public ProcessingLogWriter(EventProcessorConfig config, ProcessingLogRepository repository, MeterRegistry registry) {
        this.buffer = new ArrayBlockingQueue<>(config.processingLog().bufferCapacity());
        this.repository = repository;
        this.batchSize = config.processingLog().batchSize();
        this.dropped = registry.counter("marketstream.eventprocessor.processing.log.dropped");
        this.written = registry.counter("marketstream.eventprocessor.processing.log.written");
    }

    /** Takes a status change for writing; never blocks. */
    public void record(StatusChange change) {
        while (!buffer.offer(change)) {
            if (buffer.poll() != null) {
                dropped.increment();
            }
        }
    }

    /** Changes waiting to be written. */
    public int backlog() {
        return buffer.size();
    }

    @Scheduled(every = "${event-processor.processing-log.flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        if (buffer.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<StatusChange> drained = new ArrayList<>(buffer.size());
        buffer.drainTo(drained);
        List<List<StatusChange>> batches = batches(latestPerEvent(drained));
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> repository.upsert(batch)
                        .invoke(() -> written.increment(batch.size()))
                        .onFailure().invoke(e -> requeue(batch, e))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWithVoid();
    }

    private void requeue(List<StatusChange> batch, Throwable error) {
        LOG.warnf("cannot write %d processing-log rows, keeping them for the next flush: %s", batch.size(), error.toString());
        batch.forEach(this::record);
    }

    private static List<StatusChange> latestPerEvent(List<StatusChange> changes) {
        Map<UUID, StatusChange> latest = new LinkedHashMap<>();
        for (StatusChange change : changes) {
            latest.merge(change.eventId(), change, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        }
        return new ArrayList<>(latest.values());
    }

    private List<List<StatusChange>> batches(List<StatusChange> changes) {
        List<List<StatusChange>> batches = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += batchSize) {
            batches.add(changes.subList(from, Math.min(changes.size(), from + batchSize)));
        }
        return batches;
    }
}

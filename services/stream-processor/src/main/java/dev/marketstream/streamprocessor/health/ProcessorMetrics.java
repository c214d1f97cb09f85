package dev.marketstream.streamprocessor.health;

import dev.marketstream.streamprocessor.domain.HistoryStats;
import dev.marketstream.streamprocessor.domain.ProcessorStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/** The market processor's and the history writer's counts as Prometheus counters ({@code marketstream_processor_*_total}, {@code marketstream_history_*_total}). */
@ApplicationScoped
public class ProcessorMetrics {

    @Produces
    @Singleton
    ProcessorStats stats(MeterRegistry meters) {
        ProcessorStats stats = new ProcessorStats();
        counter(meters, "marketstream.processor.late.trades", stats.lateTrades, "trades too late for their bars (still priced)");
        counter(meters, "marketstream.processor.book.gaps", stats.bookGaps, "book updates skipped while a book waits for a snapshot");
        counter(meters, "marketstream.processor.dead.letters", stats.deadLetters, "market-data-raw records sent to the DLQ");
        return stats;
    }

    @Produces
    @Singleton
    HistoryStats historyStats(MeterRegistry meters) {
        HistoryStats stats = new HistoryStats();
        counter(meters, "marketstream.history.bars.written", stats.written, "closed bars stored in PostgreSQL");
        counter(meters, "marketstream.history.bars.duplicate", stats.duplicates, "bars read again that were stored already");
        counter(meters, "marketstream.history.bars.expired", stats.expired, "bars older than their retention, not stored");
        counter(meters, "marketstream.history.records.unreadable", stats.unreadable, "bar-topic records that are not bars");
        counter(meters, "marketstream.history.batches.failed", stats.failedBatches, "batches PostgreSQL refused (tried again)");
        return stats;
    }

    private static void counter(MeterRegistry meters, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(meters);
    }
}

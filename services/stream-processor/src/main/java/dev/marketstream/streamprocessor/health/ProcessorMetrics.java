package dev.marketstream.streamprocessor.health;

import dev.marketstream.platform.metrics.LatencyTimers;
import dev.marketstream.streamprocessor.domain.HistoryStats;
import dev.marketstream.streamprocessor.domain.ProcessorStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** The market processor's and the history writer's counts as Prometheus counters ({@code marketstream_processor_*_total}) and output latencies ({@code marketstream_processor_output_latency_seconds}). */
@ApplicationScoped
public class ProcessorMetrics {

    @Produces
    @Singleton
    ProcessorStats stats(MeterRegistry meters) {
        ProcessorStats stats = new ProcessorStats(latency(meters, "price"), latency(meters, "orderbook"));
        counter(meters, "marketstream.processor.records.processed", stats.processed, "market-data-raw records taken by the processor");
        counter(meters, "marketstream.processor.late.trades", stats.lateTrades, "trades too late for their bars (still priced)");
        counter(meters, "marketstream.processor.book.gaps", stats.bookGaps, "book updates skipped while a book waits for a snapshot");
        counter(meters, "marketstream.processor.dead.letters", stats.deadLetters, "market-data-raw records sent to the DLQ");
        return stats;
    }

    @Produces
    @Singleton
    HistoryStats historyStats(MeterRegistry meters) {
        HistoryStats stats = new HistoryStats();
        counter(meters, "marketstream.processor.history.bars.written", stats.written, "closed bars stored in PostgreSQL");
        counter(meters, "marketstream.processor.history.bars.duplicate", stats.duplicates, "bars read again that were stored already");
        counter(meters, "marketstream.processor.history.bars.expired", stats.expired, "bars older than their retention, not stored");
        counter(meters, "marketstream.processor.history.records.unreadable", stats.unreadable, "bar-topic records that are not bars");
        counter(meters, "marketstream.processor.history.batches.failed", stats.failedBatches, "batches PostgreSQL refused (tried again)");
        return stats;
    }

    /** Tick timestamp to processor output (forwarded, before its transaction commits) of one data type, in ms. */
    private static LongConsumer latency(MeterRegistry meters, String dataType) {
        Timer timer = LatencyTimers.histogram("marketstream.processor.output.latency",
                "Age of market records when the processor forwards their output (tick timestamp to processor output)")
                .tag("data_type", dataType).register(meters);
        return millis -> timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    private static void counter(MeterRegistry meters, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(meters);
    }
}

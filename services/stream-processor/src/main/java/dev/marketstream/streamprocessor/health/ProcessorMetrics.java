package dev.marketstream.streamprocessor.health;

import dev.marketstream.streamprocessor.domain.ProcessorStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/** The market processor's counts as Prometheus counters ({@code marketstream_processor_*_total}). */
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

    private static void counter(MeterRegistry meters, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(meters);
    }
}

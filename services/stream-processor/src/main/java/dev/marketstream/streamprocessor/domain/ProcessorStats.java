package dev.marketstream.streamprocessor.domain;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counts of what the market processor did, for metrics (registered by the health package): records taken, trades too
 * late for their bars, book updates skipped after a gap in the feed, records dead-lettered; and the age of each trade
 * and book update when its output is forwarded (tick timestamp to processor output, in ms).
 */
public final class ProcessorStats {

    public final LongAdder processed = new LongAdder();
    public final LongAdder lateTrades = new LongAdder();
    public final LongAdder bookGaps = new LongAdder();
    public final LongAdder deadLetters = new LongAdder();
    public final LongConsumer priceLatencyMillis;
    public final LongConsumer bookLatencyMillis;

    /** Stats whose latencies go nowhere (unit tests). */
    public ProcessorStats() {
        this(millis -> { }, millis -> { });
    }

    public ProcessorStats(LongConsumer priceLatencyMillis, LongConsumer bookLatencyMillis) {
        this.priceLatencyMillis = priceLatencyMillis;
        this.bookLatencyMillis = bookLatencyMillis;
    }
}

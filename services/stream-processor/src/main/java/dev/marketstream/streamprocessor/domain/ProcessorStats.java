package dev.marketstream.streamprocessor.domain;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the market processor did not turn into output, for metrics (registered by the health package):
 * trades too late for their bars, book updates skipped after a gap in the feed, records dead-lettered.
 */
public final class ProcessorStats {

    public final LongAdder lateTrades = new LongAdder();
    public final LongAdder bookGaps = new LongAdder();
    public final LongAdder deadLetters = new LongAdder();
}

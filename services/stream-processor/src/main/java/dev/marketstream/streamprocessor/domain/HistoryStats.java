package dev.marketstream.streamprocessor.domain;

import java.util.concurrent.atomic.LongAdder;

/** What the history writer did, as counters (exported by {@code ProcessorMetrics}). */
public final class HistoryStats {

    /** Bars stored for the first time. */
    public final LongAdder written = new LongAdder();
    /** Bars that were stored already (a replay after a restart or rebalance): not written again. */
    public final LongAdder duplicates = new LongAdder();
    /** Bars older than their retention: their partition is gone and is not made again. */
    public final LongAdder expired = new LongAdder();
    /** Records on the bar topic that are not readable bars. */
    public final LongAdder unreadable = new LongAdder();
    /** Batches PostgreSQL refused; each is tried again until it is stored. */
    public final LongAdder failedBatches = new LongAdder();
}

package dev.marketstream.marketingest.domain;

import dev.marketstream.events.binary.TraceIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binary market records that go out in one transaction, each with its symbol (the record key), and the one trace
 * they share. Filled by one thread, then handed over whole; not thread-safe.
 */
public final class MarketBatch {

    private final TraceIds trace;
    private String[] symbols;
    private byte[][] records;
    private int size;

    public MarketBatch(TraceIds trace, int initialCapacity) {
        this.trace = trace;
        this.symbols = new String[Math.max(1, initialCapacity)];
        this.records = new byte[symbols.length][];
    }

    /** A batch with a new trace. */
    public static MarketBatch traced(int initialCapacity) {
        return new MarketBatch(TraceIds.newTrace(), initialCapacity);
    }

    public void add(String symbol, byte[] record) {
        if (size == symbols.length) {
            symbols = Arrays.copyOf(symbols, size * 2);
            records = Arrays.copyOf(records, size * 2);
        }
        symbols[size] = symbol;
        records[size] = record;
        size++;
    }

    /** The trace every record of the batch carries in its envelope. */
    public TraceIds trace() {
        return trace;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String symbol(int index) {
        return symbols[Objects.checkIndex(index, size)];
    }

    public byte[] record(int index) {
        return records[Objects.checkIndex(index, size)];
    }
}

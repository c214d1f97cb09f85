package dev.marketstream.bench.codec;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.sbe.BookKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** SBE records of the event model (MarketWriter / MarketRecord): trade, price update, book snapshot and delta. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SbeBench {

    private final MarketWriter writer = new MarketWriter();
    private final MarketRecord reader = new MarketRecord();
    private byte[] tradeBytes;
    private byte[] priceBytes;
    private byte[] snapshotBytes;
    private byte[] deltaBytes;

    @Setup
    public void setUp() {
        tradeBytes = SbeCodec.encodeTrade(writer);
        priceBytes = SbeCodec.encodePrice(writer);
        snapshotBytes = SbeCodec.encodeBook(writer, Samples.SNAPSHOT, BookKind.SNAPSHOT);
        deltaBytes = SbeCodec.encodeBook(writer, Samples.DELTA, BookKind.DELTA);
    }

    @Benchmark
    public byte[] tradeEncode() {
        return SbeCodec.encodeTrade(writer);
    }

    @Benchmark
    public void tradeDecode(Blackhole bh) {
        SbeCodec.decodeTrade(reader, tradeBytes, bh);
    }

    @Benchmark
    public byte[] priceEncode() {
        return SbeCodec.encodePrice(writer);
    }

    @Benchmark
    public void priceDecode(Blackhole bh) {
        SbeCodec.decodePrice(reader, priceBytes, bh);
    }

    @Benchmark
    public byte[] snapshotEncode() {
        return SbeCodec.encodeBook(writer, Samples.SNAPSHOT, BookKind.SNAPSHOT);
    }

    @Benchmark
    public void snapshotDecode(Blackhole bh) {
        SbeCodec.decodeBook(reader, snapshotBytes, bh);
    }

    @Benchmark
    public byte[] deltaEncode() {
        return SbeCodec.encodeBook(writer, Samples.DELTA, BookKind.DELTA);
    }

    @Benchmark
    public void deltaDecode(Blackhole bh) {
        SbeCodec.decodeBook(reader, deltaBytes, bh);
    }
}

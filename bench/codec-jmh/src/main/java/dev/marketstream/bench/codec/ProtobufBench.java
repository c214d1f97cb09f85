package dev.marketstream.bench.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.marketstream.bench.codec.proto.BookKind;
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

/** Protocol Buffers messages of src/main/proto (protobuf-java 4.36.2): trade, price update, book snapshot and delta. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ProtobufBench {

    private byte[] tradeBytes;
    private byte[] priceBytes;
    private byte[] snapshotBytes;
    private byte[] deltaBytes;

    @Setup
    public void setUp() {
        tradeBytes = ProtoCodec.encodeTrade();
        priceBytes = ProtoCodec.encodePrice();
        snapshotBytes = ProtoCodec.encodeBook(Samples.SNAPSHOT, BookKind.SNAPSHOT);
        deltaBytes = ProtoCodec.encodeBook(Samples.DELTA, BookKind.DELTA);
    }

    @Benchmark
    public byte[] tradeEncode() {
        return ProtoCodec.encodeTrade();
    }

    @Benchmark
    public void tradeDecode(Blackhole bh) throws InvalidProtocolBufferException {
        ProtoCodec.decodeTrade(tradeBytes, bh);
    }

    @Benchmark
    public byte[] priceEncode() {
        return ProtoCodec.encodePrice();
    }

    @Benchmark
    public void priceDecode(Blackhole bh) throws InvalidProtocolBufferException {
        ProtoCodec.decodePrice(priceBytes, bh);
    }

    @Benchmark
    public byte[] snapshotEncode() {
        return ProtoCodec.encodeBook(Samples.SNAPSHOT, BookKind.SNAPSHOT);
    }

    @Benchmark
    public void snapshotDecode(Blackhole bh) throws InvalidProtocolBufferException {
        ProtoCodec.decodeBook(snapshotBytes, bh);
    }

    @Benchmark
    public byte[] deltaEncode() {
        return ProtoCodec.encodeBook(Samples.DELTA, BookKind.DELTA);
    }

    @Benchmark
    public void deltaDecode(Blackhole bh) throws InvalidProtocolBufferException {
        ProtoCodec.decodeBook(deltaBytes, bh);
    }
}

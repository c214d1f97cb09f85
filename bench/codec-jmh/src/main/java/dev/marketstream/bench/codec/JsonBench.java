package dev.marketstream.bench.codec;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceUpdate;
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

/**
 * JSON envelopes of today (EventCodec). trade: a MarketTick without book; tradeWithBook: the same tick with its
 * 10-level book (how a book reaches market-data-raw today); price: a PriceUpdate; snapshot and delta: an
 * OrderBookUpdate of 10 + 10 and of 1 + 1 levels (JSON has no delta kind: the same message, fewer levels).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class JsonBench {

    private final EventCodec codec = new EventCodec();
    private EventEnvelope<MarketTick> trade;
    private EventEnvelope<MarketTick> tradeWithBook;
    private EventEnvelope<PriceUpdate> price;
    private EventEnvelope<OrderBookUpdate> snapshot;
    private EventEnvelope<OrderBookUpdate> delta;
    private byte[] tradeBytes;
    private byte[] tradeWithBookBytes;
    private byte[] priceBytes;
    private byte[] snapshotBytes;
    private byte[] deltaBytes;

    @Setup
    public void setUp() {
        trade = Samples.jsonTrade();
        tradeWithBook = Samples.jsonTradeWithBook();
        price = Samples.jsonPrice();
        snapshot = Samples.jsonBook(Samples.SNAPSHOT);
        delta = Samples.jsonBook(Samples.DELTA);
        tradeBytes = codec.encode(trade);
        tradeWithBookBytes = codec.encode(tradeWithBook);
        priceBytes = codec.encode(price);
        snapshotBytes = codec.encode(snapshot);
        deltaBytes = codec.encode(delta);
    }

    @Benchmark
    public byte[] tradeEncode() {
        return codec.encode(trade);
    }

    @Benchmark
    public void tradeDecode(Blackhole bh) {
        JsonCodec.decodeTick(codec, tradeBytes, bh);
    }

    @Benchmark
    public byte[] tradeWithBookEncode() {
        return codec.encode(tradeWithBook);
    }

    @Benchmark
    public void tradeWithBookDecode(Blackhole bh) {
        JsonCodec.decodeTick(codec, tradeWithBookBytes, bh);
    }

    @Benchmark
    public byte[] priceEncode() {
        return codec.encode(price);
    }

    @Benchmark
    public void priceDecode(Blackhole bh) {
        JsonCodec.decodePrice(codec, priceBytes, bh);
    }

    @Benchmark
    public byte[] snapshotEncode() {
        return codec.encode(snapshot);
    }

    @Benchmark
    public void snapshotDecode(Blackhole bh) {
        JsonCodec.decodeBook(codec, snapshotBytes, bh);
    }

    @Benchmark
    public byte[] deltaEncode() {
        return codec.encode(delta);
    }

    @Benchmark
    public void deltaDecode(Blackhole bh) {
        JsonCodec.decodeBook(codec, deltaBytes, bh);
    }
}

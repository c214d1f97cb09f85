import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.VolumeUpdate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU per tick of the codec work the stream processor does for every tick, in one thread, on real
 * tick envelopes: decoding the raw envelope, and decoding plus building and encoding the three
 * derived events (price, volume, order book). Prints one line per round so JIT warm-up shows.
 *
 *   java -cp <event-model jar + its dependencies> CodecBench.java <payloads.ndjson> [rounds] [seconds per round]
 */
public class CodecBench {

    private static final EventCodec CODEC = new EventCodec();
    private static long sink;

    public static void main(String[] args) throws Exception {
        List<byte[]> ticks = Files.readAllLines(Path.of(args[0])).stream()
                .filter(line -> !line.isBlank()).map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        System.out.printf("%d ticks of %d bytes on average%n", ticks.size(),
                ticks.stream().mapToInt(t -> t.length).sum() / Math.max(1, ticks.size()));
        for (int round = 1; round <= rounds; round++) {
            double decode = measure(ticks, seconds, CodecBench::decode);
            double fanOut = measure(ticks, seconds, CodecBench::decodeAndFanOut);
            System.out.printf("round %d  decode %6.2f us/tick   decode + 3 derived events encoded %6.2f us/tick%n",
                    round, decode, fanOut);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    interface Step {
        long run(byte[] tick);
    }

    /** CPU microseconds per tick of running the step over the ticks, round-robin, for about the given time. */
    private static double measure(List<byte[]> ticks, double seconds, Step step) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long done = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                sink += step.run(ticks.get((int) (done++ % ticks.size())));
            }
        }
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / done;
    }

    private static long decode(byte[] json) {
        return CODEC.decode(json, MarketTick.class).data().bids().size();
    }

    private static long decodeAndFanOut(byte[] json) {
        EventEnvelope<MarketTick> envelope = CODEC.decode(json, MarketTick.class);
        MarketTick tick = envelope.data();
        PriceUpdate price = new PriceUpdate(tick.symbol(), tick.price(), tick.volume(), tick.timestamp(), BigDecimal.ONE,
                new BigDecimal("0.5000"), tick.price().subtract(BigDecimal.ONE), "Technology", new BigDecimal("1000000"));
        VolumeUpdate volume = new VolumeUpdate(tick.symbol(), tick.volume(), tick.volume().add(BigDecimal.TEN), tick.timestamp());
        OrderBookUpdate book = new OrderBookUpdate(tick.symbol(), tick.bids(), tick.asks(), tick.timestamp());
        return CODEC.encode(envelope.derive("bench", price)).length + CODEC.encode(envelope.derive("bench", volume)).length
                + CODEC.encode(envelope.derive("bench", book)).length;
    }
}

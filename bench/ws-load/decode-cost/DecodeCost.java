import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.gateway.messaging.EventMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost of the gateway feed's per-record decode on one thread: the full strict decode (envelope and payload
 * binding, then re-encoding the payload) against the lean routing decode the feed uses. Run with the packaged
 * gateway's classpath, see bench/ws-load/README.md. Bounded: a fixed number of rounds over a fixed record set.
 */
public class DecodeCost {
    public static void main(String[] args) {
        EventCodec codec = new EventCodec();
        EventMapping mapping = new EventMapping(codec);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            PriceUpdate tick = new PriceUpdate("WSLOAD" + (i % 2000), new BigDecimal("123.4567"), new BigDecimal(100 + i),
                    Instant.now(), new BigDecimal("-0.1234"), new BigDecimal("-0.0999"), new BigDecimal("123.5801"), "Technology", null);
            records.add(codec.encode(EventEnvelope.of("decode-cost", tick)));
        }
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            long sink = 0;
            for (byte[] record : records) {
                sink += mapping.market(codec.decode(record)).orElseThrow().dataJson().length();
            }
            double strict = records.size() / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (byte[] record : records) {
                sink += mapping.marketRecord(record).orElseThrow().dataJson().length();
            }
            double lean = records.size() / ((System.nanoTime() - start) / 1e9);
            System.out.printf("round %d: strict %.0f records/s, lean %.0f records/s (x%.2f) [%d]%n", round, strict, lean, lean / strict, sink % 10);
        }
    }
}

package dev.marketstream.bench;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.PriceUpdate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A bounded tick feed straight into {@code market-prices}: {@code EventEnvelope<PriceUpdate>} records written
 * with the event-model codec, round-robin over {@code PREFIX0..PREFIX<symbols-1>}, each stamped with the time
 * it is sent (so a client's receive time minus {@code timestamp} is the end-to-end latency), at a fixed rate
 * for a fixed time. Prices follow a random walk; the payload is what the stream-processor writes (price, volume,
 * change, change percent, previous close, sector).
 */
public final class TickFeed {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("bootstrap", "127.0.0.1:9092");
        DEFAULTS.put("symbols", "1000");
        DEFAULTS.put("prefix", "BENCH");
        DEFAULTS.put("rate", "20000");
        DEFAULTS.put("duration", "60");
        DEFAULTS.put("lingerMs", "1");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, DEFAULTS);
        String bootstrap = args.text("bootstrap");
        if (!bootstrap.startsWith("127.")) {
            throw new IllegalArgumentException("loopback brokers only, not " + bootstrap);
        }
        int symbols = args.integer("symbols");
        String prefix = args.text("prefix");
        int rate = args.integer("rate");
        long durationNanos = Math.min(900, args.integer("duration")) * 1_000_000_000L;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, args.text("lingerMs"));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ws-load-tick-feed");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        EventCodec codec = new EventCodec();
        double[] prices = new double[symbols];
        SplittableRandom random = new SplittableRandom(42);
        for (int s = 0; s < symbols; s++) {
            prices[s] = 20 + random.nextDouble(480);
        }
        LongAdder failures = new LongAdder();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            long now = start;
            while (now - start < durationNanos) {
                long due = (now - start) * rate / 1_000_000_000L;
                while (sent < due) {
                    int s = (int) (sent % symbols);
                    double previousClose = prices[s];
                    double price = Math.max(0.01, previousClose * (1 + (random.nextDouble() - 0.5) / 500));
                    String symbol = prefix + s;
                    PriceUpdate tick = new PriceUpdate(symbol, money(price), BigDecimal.valueOf(100 + random.nextInt(100_000)),
                            Instant.now(), money(price - previousClose), money((price - previousClose) * 100 / previousClose),
                            money(previousClose), "Technology", null);
                    prices[s] = price;
                    producer.send(new ProducerRecord<>(Topics.MARKET_PRICES, symbol.getBytes(StandardCharsets.UTF_8),
                            codec.encode(EventEnvelope.of("ws-load-tick-feed", tick))), (meta, e) -> {
                                if (e != null) {
                                    failures.increment();
                                }
                            });
                    sent++;
                }
                Thread.sleep(1);
                long before = now;
                now = System.nanoTime();
                if ((now - start) / 10_000_000_000L != (before - start) / 10_000_000_000L) {
                    System.out.printf("feed_progress sent=%d rate=%.0f failures=%d%n", sent, sent / ((now - start) / 1e9), failures.sum());
                }
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("feed_sent=%d feed_seconds=%.1f feed_rate=%.0f feed_failures=%d%n", sent, seconds, sent / seconds,
                    failures.sum());
        }
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
    }
}

package dev.marketstream.bench;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.PriceChange;
import java.nio.charset.StandardCharsets;
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
 * A bounded tick feed straight into {@code market-prices}: binary {@code PriceUpdate} records written with the
 * event model's {@link MarketWriter}, each for a symbol of {@code PREFIX0..PREFIX<symbols-1>} drawn at random (as the
 * Socket.IO anchor's feed does; a round-robin order, until 2026-12-07, ticked a load connection's symbols one right
 * after the other: {@link Scenario}), each stamped with the time
 * it is sent (so a client's receive time minus {@code timestamp} is the end-to-end latency), at a fixed rate
 * for a fixed time. Prices follow a random walk; the payload is what the stream-processor writes (price, volume,
 * change, change percent, previous close, sector, market cap), and as it writes it: the previous close and market cap
 * are the symbol's reference data, fixed for the session, and the change is against that close. (Until 2026-12-07 the
 * previous close was the previous tick's price, which no real feed sends and which costs permessage-deflate ~3 points
 * of ratio: docs/benchmarks.md.)
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
        MarketWriter writer = new MarketWriter();
        double[] prices = new double[symbols];
        long[] previousCloses = new long[symbols];
        long[] marketCaps = new long[symbols];
        SplittableRandom random = new SplittableRandom(42);
        for (int s = 0; s < symbols; s++) {
            prices[s] = 20 + random.nextDouble(480);
            previousCloses[s] = fixed(prices[s]);
            long shares = 10_000_000L + random.nextLong(16_000_000_000L); // as market-ingest's synthetic listings
            marketCaps[s] = (long) (shares * prices[s]);
        }
        LongAdder failures = new LongAdder();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            long now = start;
            while (now - start < durationNanos) {
                long due = (now - start) * rate / 1_000_000_000L;
                while (sent < due) {
                    int s = random.nextInt(symbols);
                    double price = Math.max(0.01, prices[s] * (1 + (random.nextDouble() - 0.5) / 500));
                    long fixedPrice = fixed(price);
                    long previousClose = previousCloses[s];
                    String symbol = prefix + s;
                    long now8 = Envelopes.now();
                    writer.priceUpdate().price(fixedPrice).size(Decimals.ofUnits(100 + random.nextInt(100_000))).exchangeTime(now8)
                            .change(PriceChange.change(fixedPrice, previousClose))
                            .changePercent(PriceChange.percent(fixedPrice, previousClose))
                            .previousClose(previousClose).marketCap(marketCaps[s])
                            .symbol(symbol).sector("Information Technology").source("ws-load-tick-feed");
                    writer.envelope(EventIds.next(), now8, TraceIds.NONE);
                    prices[s] = price;
                    producer.send(new ProducerRecord<>(Topics.MARKET_PRICES, symbol.getBytes(StandardCharsets.UTF_8), writer.toBytes()),
                            (meta, e) -> {
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

    /** A price to 4 decimals, as fixed point. */
    private static long fixed(double value) {
        return Math.round(value * 10_000) * 10_000L;
    }
}

import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Latency from "accepted by market-ingest" to "visible to a read_committed consumer of market-prices": for every price
 * update of the symbols with the given prefix, receive time minus the envelope's creation time (which the processor
 * copies from the trade, stamped by ingest when it accepted it). Reads from the end for a bounded time, then prints
 * count, p50, p90, p99, p99.9 and max in ms. Same machine, same clock.
 *
 * With a topic argument it times any other topic of binary events the same way (market-data-raw: ingest alone).
 *
 *   java -cp <event model + kafka-clients> LatencyProbe.java <bootstrap> <symbol-prefix> <seconds> [warm-up s] [topic]
 */
public class LatencyProbe {

    public static void main(String[] args) {
        String prefix = args[1];
        long seconds = Long.parseLong(args[2]);
        long warmUp = args.length > 3 ? Long.parseLong(args[3]) : 10;
        String topic = args.length > 4 ? args[4] : "market-prices";
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        MarketRecord reader = new MarketRecord();
        long[] latencies = new long[4_000_000];
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15)).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            long measureFrom = start + warmUp * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = Envelopes.now();
                    if (record.key() == null || !record.key().startsWith(prefix) || System.nanoTime() < measureFrom) {
                        continue;
                    }
                    try {
                        MarketType type = reader.wrap(record.value());
                        boolean timed = topic.equals("market-prices") ? type == MarketType.PRICE_UPDATE
                                : type != MarketType.SYMBOL_STATE && type != MarketType.BOOK_STATE;
                        if (timed && count < latencies.length) {
                            latencies[count++] = now - reader.envelope().timestamp();
                        }
                    } catch (EventValidationException e) {
                        // not a binary price: not ours to time
                    }
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        System.out.printf("latency_count=%d latency_p50_ms=%.1f latency_p90_ms=%.1f latency_p99_ms=%.1f latency_p999_ms=%.1f latency_max_ms=%.1f%n",
                count, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), at(sorted, 0.999), count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}

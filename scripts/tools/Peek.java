// Prints the records of any MarketStream topic as JSON lines, decoding the binary market records with the event
// model's schema (MarketJson); JSON values (user events, dead letters from providers) are printed as they are.
// Run through scripts/peek, which puts the event model and its dependencies on the class path.
//   java -cp <classpath> scripts/tools/Peek.java <bootstrap> <topic> <from-beginning: true|false> <count> <idle-seconds>

import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.codec.EventValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

public class Peek {

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        boolean fromBeginning = Boolean.parseBoolean(args[2]);
        long count = Long.parseLong(args[3]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[4]));
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        MarketRecord reader = new MarketRecord();
        MarketJson json = new MarketJson();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long printed = 0;
            long quietSince = System.nanoTime();
            while (printed < count && System.nanoTime() - quietSince < idle.toNanos()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(line(record, reader, json));
                    quietSince = System.nanoTime();
                    if (++printed >= count) {
                        break;
                    }
                }
            }
            System.err.printf("%d records of %s%n", printed, topic);
        }
    }

    private static String line(ConsumerRecord<String, byte[]> record, MarketRecord reader, MarketJson json) {
        StringBuilder out = new StringBuilder(256).append("{\"partition\":").append(record.partition())
                .append(",\"offset\":").append(record.offset())
                .append(",\"timestamp\":\"").append(Instant.ofEpochMilli(record.timestamp())).append('"')
                .append(",\"key\":").append(record.key() == null ? "null" : quote(record.key()));
        if (record.headers().toArray().length > 0) {
            out.append(",\"headers\":{");
            boolean first = true;
            for (Header header : record.headers()) {
                out.append(first ? "" : ",").append(quote(header.key())).append(':')
                        .append(header.value() == null ? "null" : quote(new String(header.value(), StandardCharsets.UTF_8)));
                first = false;
            }
            out.append('}');
        }
        return out.append(",\"value\":").append(value(record.value(), reader, json)).append('}').toString();
    }

    private static String value(byte[] value, MarketRecord reader, MarketJson json) {
        if (value == null) {
            return "null";
        }
        if (value.length > 0 && (value[0] == '{' || value[0] == '[')) {
            return new String(value, StandardCharsets.UTF_8);
        }
        try {
            reader.wrap(value);
            return json.event(reader);
        } catch (EventValidationException e) {
            return "{\"unreadable\":" + quote(e.getMessage()) + ",\"base64\":\"" + Base64.getEncoder().encodeToString(value) + "\"}";
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}

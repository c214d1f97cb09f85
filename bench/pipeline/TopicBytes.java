import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Average key and value size of the records a topic received from a point in time: reads up to N committed records
 * from the offsets of that time and prints {@code records=<n> key_bytes=<avg> value_bytes=<avg>}.
 *
 *   java -cp 'kafka/libs/*' TopicBytes.java <bootstrap> <topic> <epoch-millis> <max-records>
 */
public class TopicBytes {

    public static void main(String[] args) {
        String topic = args[1];
        long since = Long.parseLong(args[2]);
        int max = Integer.parseInt(args[3]);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
            long records = 0;
            long keyBytes = 0;
            long valueBytes = 0;
            int idle = 0;
            while (records < max && idle < 6) {
                var batch = consumer.poll(Duration.ofMillis(500));
                idle = batch.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    keyBytes += record.key() == null ? 0 : record.key().length;
                    valueBytes += record.value() == null ? 0 : record.value().length;
                }
            }
            System.out.printf("records=%d key_bytes=%d value_bytes=%d%n", records, records == 0 ? 0 : keyBytes / records,
                    records == 0 ? 0 : valueBytes / records);
        }
    }
}

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples a consumer group's progress on one topic: every interval it prints the epoch second, the
 * sum of the group's committed offsets, the sum of the topic's end offsets and their difference (lag).
 *
 *   java -cp 'kafka/libs/*' LagSampler.java <bootstrap> <group> <topic> <interval-seconds> <samples>
 */
public class LagSampler {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        Duration interval = Duration.ofSeconds(Long.parseLong(args[3]));
        int samples = Integer.parseInt(args[4]);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            System.out.println("epoch_s,committed,end,lag");
            for (int i = 0; i < samples; i++) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                        .all().get();
                long committedSum = partitions.stream().mapToLong(p -> committed.get(p) == null ? 0 : committed.get(p).offset()).sum();
                long endSum = partitions.stream().mapToLong(p -> ends.get(p).offset()).sum();
                boolean complete = partitions.stream().allMatch(p -> committed.get(p) != null);
                System.out.printf("%d,%d,%d,%s%n", Instant.now().getEpochSecond(), committedSum, endSum,
                        complete ? Long.toString(endSum - committedSum) : "n/a");
                System.out.flush();
                Thread.sleep(interval.toMillis());
            }
        }
    }
}

package dev.marketstream.testing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/** Consumer-group and topic housekeeping for tests on the shared broker. */
public final class KafkaGroups {

    private KafkaGroups() {
    }

    /**
     * Creates a consumer group positioned at the current end of the topics, so an app started with it
     * consumes exactly what the test produces from now on (the shared topics hold older data).
     */
    public static void startAtEnd(String group, Collection<String> topics) {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.values().forEach(d -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare consumer group " + group, e);
        }
    }

    /** Deletes the internal topics a Kafka Streams application id created, and its group. */
    public static void deleteStreamsApplication(String applicationId) {
        try (Admin admin = admin()) {
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-")).toList();
            admin.deleteTopics(internal).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete the test application " + applicationId, e);
        }
        deleteGroups(List.of(applicationId));
    }

    /**
     * Deletes consumer groups. Skipped: a group that never committed an offset (it does not exist), and one whose
     * killed members the broker still counts until their session times out (it holds only offsets, no data).
     */
    public static void deleteGroups(Collection<String> groups) {
        try (Admin admin = admin()) {
            for (Map.Entry<String, KafkaFuture<Void>> deletion : admin.deleteConsumerGroups(groups).deletedGroups().entrySet()) {
                try {
                    deletion.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupNotEmptyException) {
                        System.err.println("consumer group " + deletion.getKey() + " left behind: it still has members");
                    } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw new IllegalStateException("cannot delete consumer group " + deletion.getKey(), e.getCause());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot delete consumer groups " + groups, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting consumer groups " + groups, e);
        }
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers());
        return Admin.create(config);
    }
}

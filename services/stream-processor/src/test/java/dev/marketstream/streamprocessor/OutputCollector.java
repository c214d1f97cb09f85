package dev.marketstream.streamprocessor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Collects the committed records that several shared topics receive from the moment it is opened,
 * keeping only the ones a filter accepts (this run's symbols). One consumer, manually assigned, no group.
 */
public final class OutputCollector implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Predicate<ConsumerRecord<String, byte[]>> filter;
    private final Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();

    public OutputCollector(String bootstrap, Collection<String> topics, Predicate<ConsumerRecord<String, byte[]>> filter) {
        this.filter = filter;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            byTopic.put(topic, new ArrayList<>());
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Reads what has arrived since the last call. */
    public OutputCollector poll() {
        consumer.poll(Duration.ofMillis(300)).forEach(record -> {
            if (filter.test(record)) {
                byTopic.get(record.topic()).add(record);
            }
        });
        return this;
    }

    /** Every accepted record of the topic seen so far, in arrival order (per partition: offset order). */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        return List.copyOf(byTopic.get(topic));
    }

    @Override
    public void close() {
        consumer.close();
    }
}

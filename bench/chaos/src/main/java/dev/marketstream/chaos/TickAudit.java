package dev.marketstream.chaos;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Acknowledged ticks against what the stream-processor made of them, read after the run with read_committed
 * consumers: every trade market-ingest committed to {@code market-data-raw} must come out of the processor as exactly
 * one price update with the same event id on {@code market-prices} (or be dead-lettered, which is counted apart).
 * Trades are put in the window of the fault during which ingest wrote them (by record timestamp).
 */
final class TickAudit {

    /** What became of the trades of one window. */
    record Window(long ticks, long trades, long lost, long duplicated, long deadLettered) {
    }

    private final String bootstrap;

    TickAudit(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Waits until the stream-processor has committed its input up to the end of {@code market-data-raw} (at most one
     * offset short per partition: a transaction's commit marker), or {@code timeout}; returns the records still behind.
     */
    long awaitProcessorCaughtUp(String applicationId, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(Topics.MARKET_DATA_RAW)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(Topics.MARKET_DATA_RAW).partitions()
                        .forEach(p -> latest.put(new TopicPartition(Topics.MARKET_DATA_RAW, p.partition()), OffsetSpec.latest()));
                long behind = 0;
                for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    behind += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()) - 1);
                }
                if (behind == 0 || System.nanoTime() > deadline) {
                    return behind;
                }
                Thread.sleep(1000);
            }
        }
    }

    /** {@code starts}: the windows' start times (ms), ascending; a window ends where the next starts. */
    List<Window> audit(List<Long> starts) {
        Map<UUID, Long> trades = new HashMap<>();
        List<Long> tickTimes = new ArrayList<>();
        Map<UUID, Integer> prices = new HashMap<>();
        Map<UUID, Boolean> deadLetters = new HashMap<>();
        MarketRecord reader = new MarketRecord();
        readAll(Topics.MARKET_DATA_RAW, (record, bytes) -> {
            MarketType type = type(reader, bytes);
            if (type == MarketType.TRADE || type == MarketType.BOOK_UPDATE) {
                tickTimes.add(record.timestamp());
            }
            if (type == MarketType.TRADE) {
                trades.put(reader.eventId(), record.timestamp());
            }
        });
        readAll(Topics.MARKET_PRICES, (record, bytes) -> {
            if (type(reader, bytes) == MarketType.PRICE_UPDATE) {
                prices.merge(reader.eventId(), 1, Integer::sum);
            }
        });
        readAll(Topics.dlq(Topics.MARKET_DATA_RAW), (record, bytes) -> {
            if (type(reader, bytes) == MarketType.TRADE) {
                deadLetters.put(reader.eventId(), true);
            }
        });
        long[][] counts = new long[starts.size()][5];
        tickTimes.forEach(timestamp -> {
            int window = windowOf(starts, timestamp);
            if (window >= 0) {
                counts[window][4]++;
            }
        });
        trades.forEach((id, timestamp) -> {
            int window = windowOf(starts, timestamp);
            if (window < 0) {
                return;
            }
            counts[window][0]++;
            int outputs = prices.getOrDefault(id, 0);
            if (outputs == 0 && deadLetters.containsKey(id)) {
                counts[window][3]++;
            } else if (outputs == 0) {
                counts[window][1]++;
            } else if (outputs > 1) {
                counts[window][2]++;
            }
        });
        List<Window> windows = new ArrayList<>();
        for (long[] c : counts) {
            windows.add(new Window(c[4], c[0], c[1], c[2], c[3]));
        }
        return windows;
    }

    private static MarketType type(MarketRecord reader, byte[] bytes) {
        try {
            return reader.wrap(bytes);
        } catch (EventValidationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int windowOf(List<Long> starts, long timestamp) {
        int window = -1;
        for (int i = 0; i < starts.size() && starts.get(i) <= timestamp; i++) {
            window = i;
        }
        return window;
    }

    /** Reads a topic from the beginning to its last stable offset. */
    private void readAll(String topic, BiConsumer<ConsumerRecord<byte[], byte[]>, byte[]> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record, record.value());
                }
            }
        }
    }
}

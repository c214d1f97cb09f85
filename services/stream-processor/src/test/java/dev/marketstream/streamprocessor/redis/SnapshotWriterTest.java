package dev.marketstream.streamprocessor.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A Redis that refuses writes for a while (a restart) must delay the snapshots, not stop them. */
class SnapshotWriterTest {

    private final AtomicInteger refusalsLeft = new AtomicInteger(3);
    private final AtomicInteger hsetCalls = new AtomicInteger();
    private final Map<String, Map<String, byte[]>> written = new ConcurrentHashMap<>();

    @Test
    void retriesAWriteRedisRefusesUntilItGoesThrough() {
        SnapshotWriter writer = new SnapshotWriter(redisRefusingFirstWrites());

        writer.prices(batch("AAPL", "MSFT")).await().atMost(Duration.ofSeconds(10));

        assertThat(hsetCalls.get()).as("the refused write is tried again").isEqualTo(4);
        assertThat(written.get(RedisKeys.snapshot("price"))).containsOnlyKeys("AAPL", "MSFT");
    }

    @Test
    void stopsRetryingOnceTheServiceStops() {
        refusalsLeft.set(Integer.MAX_VALUE);
        SnapshotWriter writer = new SnapshotWriter(redisRefusingFirstWrites());
        writer.onStop(null);

        assertThat(writer.prices(batch("AAPL")).onFailure().recoverWithItem(() -> null)
                .await().atMost(Duration.ofSeconds(5))).isNull();
        assertThat(hsetCalls.get()).isEqualTo(1);
    }

    private static ConsumerRecords<String, byte[]> batch(String... symbols) {
        TopicPartition partition = new TopicPartition(Topics.MARKET_PRICES, 0);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < symbols.length; i++) {
            records.add(new ConsumerRecord<>(Topics.MARKET_PRICES, 0, i, symbols[i], new byte[] {(byte) i}));
        }
        return new ConsumerRecords<>(Map.of(partition, records));
    }

    /** Only what the writer calls: HSET fails while refusals are left, SADD always answers. */
    @SuppressWarnings("unchecked")
    private ReactiveRedisDataSource redisRefusingFirstWrites() {
        ReactiveHashCommands<String, String, byte[]> hashes = fake(ReactiveHashCommands.class, (name, args) -> {
            hsetCalls.incrementAndGet();
            if (refusalsLeft.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("Connection closed"));
            }
            written.computeIfAbsent((String) args[0], k -> new ConcurrentHashMap<>()).putAll((Map<String, byte[]>) args[1]);
            return Uni.createFrom().voidItem();
        });
        ReactiveSetCommands<String, String> sets = fake(ReactiveSetCommands.class, (name, args) -> Uni.createFrom().item(1));
        return fake(ReactiveRedisDataSource.class, (name, args) -> name.equals("hash") ? hashes : sets);
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<?> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args));
    }
}

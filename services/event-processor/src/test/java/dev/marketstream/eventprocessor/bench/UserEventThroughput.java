package dev.marketstream.eventprocessor.bench;

import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.RedisProbe;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end throughput of the user-event path (Kafka → ingest → Redis stream → group member →
 * history + Pub/Sub), driven by {@code scripts/bench-user-events}, which runs the packaged app.
 *
 * <pre>prepare GROUP            commit the group's offsets at the end of the input topics
 * run EVENTS USERS RUN_ID    produce EVENTS portfolio updates over USERS users, wait until every one
 *                            is in its user's history; print the figures; delete the bench users' keys</pre>
 */
public final class UserEventThroughput {

    private UserEventThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if ("prepare".equals(args[0])) {
            PipelineTestResource.appConfig(args[1], "unused");
            return;
        }
        int events = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        String runId = args[3];
        List<String> userIds = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            userIds.add("bench-" + runId + "-" + u);
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        List<byte[]> payloads = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            payloads.add(Events.CODEC.encode(Events.portfolio(userIds.get(i % users), i)));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
                RedisProbe redis = new RedisProbe(TestRun.REDIS_URI)) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(Topics.USER_EVENTS, userIds.get(i % users), payloads.get(i)));
            }
            producer.flush();
            long produced = System.nanoTime();
            long delivered = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (delivered < events && System.nanoTime() < deadline) {
                Thread.sleep(100);
                delivered = deliveredCount(redis, userIds);
            }
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            System.out.printf("events=%d users=%d delivered=%d produce_s=%.2f end_to_end_s=%.2f events_per_s=%.0f%n", events,
                    users, delivered, (produced - start) / 1e9, seconds, delivered / seconds);
            for (String user : userIds) {
                redis.send(Command.DEL, RedisKeys.userHistory(user), RedisKeys.userSeq(user));
            }
        }
    }

    private static long deliveredCount(RedisProbe redis, List<String> users) {
        long total = 0;
        for (int from = 0; from < users.size(); from += 500) {
            List<String> keys = users.subList(from, Math.min(users.size(), from + 500)).stream().map(RedisKeys::userSeq).toList();
            Response values = redis.send(Command.MGET, keys.toArray());
            for (Response value : values) {
                total += value == null ? 0 : value.toLong();
            }
        }
        return total;
    }
}

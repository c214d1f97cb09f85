package dev.marketstream.eventprocessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.DeliveryOutcome;
import dev.marketstream.eventprocessor.messaging.StreamConsumer;
import dev.marketstream.eventprocessor.messaging.StreamSettings;
import dev.marketstream.eventprocessor.redis.QueuedEvent;
import dev.marketstream.eventprocessor.redis.StreamKeys;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once proof of DESIGN.md on a stream of its own: a group member delivers an entry and
 * dies before XACK (it is abandoned exactly there, its entry left pending under its name); another
 * member takes the entry over with XAUTOCLAIM after the visibility timeout, and a real SUBSCRIBE and
 * the history stream still see the event once. Also: a Kafka redelivery is ingested once, a member
 * dying with an earlier event of a user does not let a later one overtake it, and entries waiting for another try
 * survive a round in which Redis failed (delivered as soon as it answers, not after the visibility timeout).
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class CrashBetweenDeliveryAndAckTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    UserEventStore store;
    @Inject
    RedisDataSource redisData;
    @Inject
    ReactiveRedisDataSource reactiveRedis;
    @Inject
    EventProcessorConfig config;

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final List<String> streams = new ArrayList<>();
    RedisProbe redis;

    @BeforeEach
    void connect() {
        redis = new RedisProbe(TestRun.REDIS_URI);
    }

    @AfterEach
    void cleanUp() {
        redis.close();
        pool.shutdownNow();
        streams.forEach(stream -> RedisProbe.deleteStreamKeys(TestRun.REDIS_URI, stream));
    }

    @Test
    void redeliveryAfterACrashBetweenDeliveryAndAckDeliversTheEventOnce() {
        String stream = newStream();
        String user = TestRun.user("crash");
        redis.subscribe(RedisKeys.userChannel(user));
        EventEnvelope<PortfolioUpdate> event = Events.portfolio(user, 10);

        assertThat(ingest(stream, event)).isNotNull();
        assertThat(ingest(stream, event)).as("Kafka redelivering the record after a crash before its commit").isNull();
        assertThat(redis.range(stream)).hasSize(1);

        StreamConsumer doomed = consumer(stream, "doomed", 10);
        doomed.start();
        List<QueuedEvent> taken = doomed.take();
        assertThat(doomed.deliver(taken)).extracting(StreamConsumer.Result::outcome).containsExactly(DeliveryOutcome.DELIVERED);
        // the process dies here: no XACK; the entry stays pending under "doomed"
        await().atMost(WAIT).until(() -> redis.messages().size() == 1);
        assertThat(redis.pending(stream, StreamKeys.GROUP)).isEqualTo(1);

        StreamConsumer survivor = consumer(stream, "survivor", 10);
        survivor.start();
        await().atMost(WAIT).until(() -> {
            survivor.runOnce();
            return redis.pending(stream, StreamKeys.GROUP) == 0;
        });

        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> redis.messages().size() == 1);
        List<RedisProbe.Entry> history = redis.range(RedisKeys.userHistory(user));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).fields()).containsEntry("seq", "1");
        assertThat(redis.messages().get(0)).startsWith("{\"seq\":1,\"event\":{\"eventId\":\"" + event.eventId());
        assertThat(redis.get(StreamKeys.eventState(event.eventId().toString()))).isEqualTo("delivered:1");
        assertThat(redis.get(RedisKeys.userSeq(user))).isEqualTo("1");
    }

    @Test
    void aLaterEventWaitsWhileADeadMemberHoldsAnEarlierEventOfTheSameUser() {
        String stream = newStream();
        String user = TestRun.user("order");
        redis.subscribe(RedisKeys.userChannel(user));
        EventEnvelope<PortfolioUpdate> first = Events.portfolio(user, 1);
        EventEnvelope<PortfolioUpdate> second = Events.portfolio(user, 2);
        ingest(stream, first);
        ingest(stream, second);

        StreamConsumer doomed = consumer(stream, "doomed", 1);
        doomed.start();
        assertThat(doomed.take()).hasSize(1); // takes the first event and dies before delivering it

        StreamConsumer survivor = consumer(stream, "survivor", 10);
        List<QueuedEvent> taken = survivor.take();
        List<StreamConsumer.Result> results = survivor.deliver(taken);
        assertThat(results).extracting(StreamConsumer.Result::outcome).containsExactly(DeliveryOutcome.BLOCKED);
        survivor.acknowledge(results);
        assertThat(redis.range(RedisKeys.userHistory(user))).isEmpty();

        await().atMost(WAIT).until(() -> {
            survivor.runOnce();
            return redis.range(RedisKeys.userHistory(user)).size() == 2 && redis.pending(stream, StreamKeys.GROUP) == 0;
        });
        assertThat(redis.range(RedisKeys.userHistory(user))).extracting(e -> e.fields().get("event"))
                .satisfiesExactly(e -> assertThat(e).contains(first.eventId().toString()),
                        e -> assertThat(e).contains(second.eventId().toString()));
        await().atMost(WAIT).until(() -> redis.messages().size() == 2);
        assertThat(redis.messages().get(0)).contains(first.eventId().toString());
    }

    /** The real store, with Redis made to fail: {@code deliveriesFail} for deliveries only, {@code down} for every call. */
    static final class FlakyStore extends UserEventStore {
        volatile boolean deliveriesFail;
        volatile boolean down;

        FlakyStore(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, EventProcessorConfig config) {
            super(redis, reactiveRedis, config);
        }

        @Override
        public Claimed claimStale(String stream, String group, String consumer, Duration minIdle, String cursor, int count) {
            failIf(down);
            return super.claimStale(stream, group, consumer, minIdle, cursor, count);
        }

        @Override
        public List<QueuedEvent> readNew(String stream, String group, String consumer, int count, Duration block) {
            failIf(down);
            return super.readNew(stream, group, consumer, count, block);
        }

        @Override
        public List<Delivered> deliver(String failuresKey, List<Delivery> deliveries) {
            failIf(down || deliveriesFail);
            return super.deliver(failuresKey, deliveries);
        }

        private static void failIf(boolean failing) {
            if (failing) {
                throw new IllegalStateException("Redis unreachable (injected by the test)");
            }
        }
    }

    @Test
    void entriesWaitingForAnotherTrySurviveARoundInWhichRedisFailed() throws InterruptedException {
        String stream = newStream();
        String user = TestRun.user("blip");
        ingest(stream, Events.portfolio(user, 1));
        ingest(stream, Events.portfolio(user, 2));
        FlakyStore flaky = new FlakyStore(redisData, reactiveRedis, config);
        // a visibility timeout far beyond the test: only the consumer's own memory can bring the entries back in time
        StreamSettings settings = new StreamSettings(stream, stream + ".dlq", StreamKeys.GROUP, "blip", 10, 2,
                Duration.ofMinutes(10), 3, Duration.ofMillis(100), Duration.ofMillis(100));
        StreamConsumer consumer = new StreamConsumer(flaky, settings, new EventCodec(), pool, change -> { }, outcome -> { },
                Clock.systemUTC());
        consumer.start();

        flaky.deliveriesFail = true;
        assertThat(consumer.runOnce()).as("read, not delivered").isEqualTo(2);
        assertThat(consumer.retrying()).isEqualTo(2);
        flaky.down = true;
        Thread.sleep(150); // the entries are due again
        assertThatThrownBy(consumer::runOnce).hasMessageContaining("injected");
        flaky.down = false;
        flaky.deliveriesFail = false;

        assertThat(consumer.runOnce()).as("the round after Redis came back").isEqualTo(2);
        assertThat(redis.range(RedisKeys.userHistory(user))).extracting(e -> e.fields().get("seq")).containsExactly("1", "2");
        assertThat(redis.pending(stream, StreamKeys.GROUP)).isZero();
    }

    private String newStream() {
        String stream = TestRun.stream("crash-" + UUID.randomUUID().toString().substring(0, 6));
        streams.add(stream);
        return stream;
    }

    private StreamConsumer consumer(String stream, String name, int batchSize) {
        StreamSettings settings = new StreamSettings(stream, stream + ".dlq", StreamKeys.GROUP, name, batchSize, 2,
                Duration.ofSeconds(1), 3, Duration.ofMillis(100), Duration.ofMillis(100));
        return new StreamConsumer(store, settings, new EventCodec(), pool, change -> { }, outcome -> { }, Clock.systemUTC());
    }

    private String ingest(String stream, EventEnvelope<?> event) {
        String encoded = new String(Events.CODEC.encode(event), StandardCharsets.UTF_8);
        UserEventStore.Ingested ingested = store.ingest(stream, List.of(new UserEventStore.Ingest(event.eventId().toString(),
                event.partitionKey(), encoded, "user-events/0/0", null))).await().atMost(Duration.ofSeconds(10));
        return ingested.entryIds().get(0);
    }
}

package dev.marketstream.eventprocessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.RealStackTest;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Events produced to the real Kafka reach the user's Redis Pub/Sub channel and history exactly once,
 * in order, with consecutive seqs; invalid records land in the topic's DLQ with the reason.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class UserEventDeliveryTest extends RealStackTest {

    static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void deliversEachPortfolioUpdateOnceInOrderWithConsecutiveSeqs() throws Exception {
        String user = TestRun.user("portfolio");
        redis.subscribe(RedisKeys.userChannel(user));
        List<EventEnvelope<PortfolioUpdate>> sent = List.of(Events.portfolio(user, 1), Events.portfolio(user, 2), Events.portfolio(user, 3));
        sent.forEach(events::send);
        events.send(sent.get(1)); // a business service publishing the same event twice

        await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() >= 3);
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> redis.messages().size() == 3
                && redis.range(RedisKeys.userHistory(user)).size() == 3);

        List<String> sentIds = sent.stream().map(e -> e.eventId().toString()).toList();
        List<RedisProbe.Entry> history = redis.range(RedisKeys.userHistory(user));
        assertThat(history).extracting(e -> e.fields().get("seq")).containsExactly("1", "2", "3");
        assertThat(history).extracting(e -> JSON.readTree(e.fields().get("event")).get("eventId").asText()).containsExactlyElementsOf(sentIds);
        List<JsonNode> published = new ArrayList<>();
        for (String message : redis.messages()) {
            published.add(JSON.readTree(message));
        }
        assertThat(published).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(published).extracting(m -> m.get("event").get("eventId").asText()).containsExactlyElementsOf(sentIds);
        assertThat(published.get(0).get("event").get("data").get("user_id").asText()).isEqualTo(user);
        assertThat(redis.get(RedisKeys.userSeq(user))).isEqualTo("3");
        await().atMost(WAIT).untilAsserted(() -> assertThat(processingLogRow(sent.get(2).eventId())).hasValueSatisfying(row -> assertThat(row).startsWith("processed/0/")));
        assertThat(processedAt(sent.get(2).eventId())).isPresent();
    }

    /** The event's trace id and sampled flag travel on (with tracing on, as the parent span the event-processor's own). */
    @Test
    void carriesATracedEventsTraceparentIntoTheHistoryAndTheDeliveryMessageAndNothingForAnUntracedOne() throws Exception {
        String user = TestRun.user("traced");
        redis.subscribe(RedisKeys.userChannel(user));
        TraceContext business = TraceContext.newTrace();

        events.send(Events.portfolio(user, 1));
        events.sendTraced(Events.portfolio(user, 2), business);

        await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() == 2 && redis.messages().size() == 2);
        List<RedisProbe.Entry> history = redis.range(RedisKeys.userHistory(user));
        assertThat(history.get(0).fields()).doesNotContainKey("traceparent");
        assertThat(history.get(1).fields().get("traceparent")).startsWith("00-" + business.traceId() + "-").endsWith("-01");
        JsonNode untraced = JSON.readTree(redis.messages().get(0));
        JsonNode traced = JSON.readTree(redis.messages().get(1));
        assertThat(untraced.has("traceparent")).isFalse();
        assertThat(traced.get("traceparent").asText()).isEqualTo(history.get(1).fields().get("traceparent"));
        assertThat(traced.get("seq").asLong()).isEqualTo(2);
    }

    @Test
    void countsAlertsUnreadAndDeliversThemLikePortfolioUpdates() {
        String user = TestRun.user("alert");
        redis.subscribe(RedisKeys.userChannel(user));

        events.send(Events.alert(user));
        events.send(Events.alert(user));

        await().atMost(WAIT).until(() -> "2".equals(redis.get(RedisKeys.unreadAlerts(user))));
        assertThat(redis.range(RedisKeys.userHistory(user))).hasSize(2);
        await().atMost(WAIT).until(() -> redis.messages().size() == 2);
    }

    @Test
    void sendsTargetedNotificationsToEachListedUserAndBroadcastsToTheBroadcastChannel() throws Exception {
        String first = TestRun.user("target-a");
        String second = TestRun.user("target-b");
        redis.subscribe(RedisKeys.BROADCAST_CHANNEL);
        EventEnvelope<SystemNotification> targeted = Events.notification(List.of(first, second));
        EventEnvelope<SystemNotification> broadcast = Events.notification(List.of());

        events.send(targeted);
        events.send(broadcast);

        await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(first)).size() == 1
                && redis.range(RedisKeys.userHistory(second)).size() == 1);
        assertThat(JSON.readTree(redis.range(RedisKeys.userHistory(second)).get(0).fields().get("event")).get("eventId").asText())
                .isEqualTo(targeted.eventId().toString());
        String broadcastId = broadcast.eventId().toString();
        await().atMost(WAIT).until(() -> redis.messages().stream().anyMatch(m -> m.contains(broadcastId)));
        assertThat(redis.range(RedisKeys.BROADCAST_HISTORY)).filteredOn(e -> e.fields().get("event").contains(broadcastId)).hasSize(1);
    }

    @Test
    void sendsInvalidRecordsToTheTopicsDlqNamingFieldAndCode() throws Exception {
        String key = TestRun.user("invalid");
        String dlq = Topics.dlq(Topics.USER_EVENTS);
        try (KafkaConsumer<String, byte[]> consumer = dlqConsumer(dlq)) {
            String withoutUser = Events.CODEC.encodeToString(Events.portfolio(key, 1)).replace("\"user_id\":\"" + key + "\",", "");
            events.sendRaw(Topics.USER_EVENTS, key, withoutUser);

            ConsumerRecord<String, byte[]> dead = awaitRecord(consumer, key);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.USER_EVENTS);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.FIELD)).isEqualTo("data.user_id");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.CODE)).isEqualTo("MISSING_FIELD");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("user_id");
            assertThat(new String(dead.value())).isEqualTo(withoutUser);
        }
    }

    @Test
    void sendsAnEventOnTheWrongTopicToThatTopicsDlq() {
        String user = TestRun.user("wrong-topic");
        String dlq = Topics.dlq(Topics.TRADING_ALERTS);
        try (KafkaConsumer<String, byte[]> consumer = dlqConsumer(dlq)) {
            events.sendRaw(Topics.TRADING_ALERTS, user, Events.CODEC.encode(Events.portfolio(user, 1)));

            ConsumerRecord<String, byte[]> dead = awaitRecord(consumer, user);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.FIELD)).isEqualTo("eventType");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("trading.alert", "portfolio.update");
            assertThat(redis.range(RedisKeys.userHistory(user))).isEmpty();
        }
    }


    static KafkaConsumer<String, byte[]> dlqConsumer(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach(consumer::seek);
        return consumer;
    }

    static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer, String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return found.get(0);
    }
}

package dev.marketstream.eventprocessor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.marketstream.eventprocessor.messaging.ReplayRunner;
import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay API against the real Kafka and Redis: who may call it (401, 403), how a bad request is
 * refused (400 problem+json naming the field), and that a job copies a time range to a new topic or
 * delivers a user's events again into their stream, reporting progress under its id.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class ReplayApiTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String TARGET_TOPIC = "test.replay." + TestRun.ID;
    static final String USER = TestRun.user("replay");
    static final List<EventEnvelope<PortfolioUpdate>> SENT = new ArrayList<>();
    static Instant from;
    static Instant to;

    @BeforeAll
    static void produceEventsToReplay() {
        from = Instant.now().minusSeconds(1);
        try (Events events = new Events()) {
            for (int i = 0; i < 3; i++) {
                EventEnvelope<PortfolioUpdate> event = Events.portfolio(USER, i);
                events.send(event);
                SENT.add(event);
            }
        }
        to = Instant.now().plusSeconds(1);
    }

    @AfterAll
    static void deleteTargetTopic() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        try (Admin admin = Admin.create(config)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TARGET_TOPIC)) {
                admin.deleteTopics(List.of(TARGET_TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void refusesCallersWithoutAValidTokenAndNonOperators() {
        given().contentType(ContentType.JSON).body(toTopic(TARGET_TOPIC)).post("/api/v1/streams/replay")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2("not-a-jwt").get("/api/v1/streams/replay/anything")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalJwt.fromIssuer("x", "someone-else", java.util.Set.of("operator"))).get("/api/v1/streams/replay/anything")
                .then().statusCode(401);
        given().auth().oauth2(LocalJwt.trader("trader-" + TestRun.ID)).contentType(ContentType.JSON).body(toTopic(TARGET_TOPIC)).post("/api/v1/streams/replay")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("operator"));
    }

    @Test
    void refusesInvalidRequestsNamingTheField() {
        String window = "\"from\": \"" + from + "\", \"to\": \"" + to + "\"";
        invalid("{\"topic\": \"nope\", " + window + ", \"target\": {\"topic\": \"x\"}}", "topic");
        invalid("{\"topic\": \"user-events\", \"from\": \"yesterday\", \"to\": \"" + to + "\", \"target\": {\"topic\": \"x\"}}", "from");
        invalid("{\"topic\": \"user-events\", \"from\": \"" + to + "\", \"to\": \"" + from + "\", \"target\": {\"topic\": \"x\"}}", "to");
        invalid("{\"topic\": \"user-events\", " + window + "}", "target");
        invalid("{\"topic\": \"user-events\", " + window + ", \"target\": {\"topic\": \"x\", \"user_id\": \"u\"}}", "target");
        invalid("{\"topic\": \"user-events\", " + window + ", \"target\": {\"topic\": \"" + Topics.USER_EVENTS + "\"}}", "target.topic");
        invalid("{\"topic\": \"market-prices\", " + window + ", \"target\": {\"user_id\": \"u\"}}", "topic");
        invalid("{\"topic\": \"user-events\", " + window + ", \"target\": {\"topic\": \"x\"}, \"speed\": 2}", "speed");
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).contentType(ContentType.JSON).body("{\"topic\": ")
                .post("/api/v1/streams/replay").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void describesTheOperatorApiInOpenApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/streams/replay/{id}"))
                .body(containsString("/api/v1/streams/dead-letters/redrive"))
                .body(containsString("/api/v1/streams/processing-log"));
    }

    @Test
    void reportsAnUnknownJobAsNotFound() {
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).get("/api/v1/streams/replay/no-such-job")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("no-such-job"));
    }

    @Test
    void copiesATimeRangeOfATopicToANewTopic() {
        String jobId = start(toTopic(TARGET_TOPIC));

        ValidatableResponse done = awaitCompleted(jobId);
        done.body("target_topic", equalTo(TARGET_TOPIC)).body("progress", equalTo(1.0f));
        List<String> copied = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = targetConsumer()) {
            consumer.subscribe(List.of(TARGET_TOPIC));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (USER.equals(record.key())) {
                        assertThat(new String(record.headers().lastHeader(ReplayRunner.JOB_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo(jobId);
                        copied.add(Events.CODEC.decode(record.value()).eventId().toString());
                    }
                }
                return copied.size() >= SENT.size();
            });
        }
        assertThat(copied).containsExactlyElementsOf(SENT.stream().map(e -> e.eventId().toString()).toList());
    }

    @Test
    void deliversAUsersEventsAgainIntoTheirStreamWithNewSeqs() {
        try (RedisProbe redis = new RedisProbe(TestRun.REDIS_URI)) {
            await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(USER)).size() == SENT.size());

            String jobId = start("{\"topic\": \"user-events\", \"from\": \"" + from + "\", \"to\": \"" + to
                    + "\", \"target\": {\"user_id\": \"" + USER + "\"}}");

            awaitCompleted(jobId).body("events_replayed", equalTo(SENT.size())).body("target_user_id", equalTo(USER));
            List<RedisProbe.Entry> history = redis.range(RedisKeys.userHistory(USER));
            assertThat(history).extracting(e -> e.fields().get("seq")).containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(history.subList(3, 6)).extracting(e -> Events.CODEC.decode(e.fields().get("event").getBytes(StandardCharsets.UTF_8)).eventId())
                    .containsExactlyElementsOf(SENT.stream().map(EventEnvelope::eventId).toList());
        }
    }

    private static String toTopic(String topic) {
        return "{\"topic\": \"user-events\", \"from\": \"" + from + "\", \"to\": \"" + to + "\", \"target\": {\"topic\": \"" + topic + "\"}}";
    }

    private static void invalid(String body, String field) {
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).contentType(ContentType.JSON).body(body).post("/api/v1/streams/replay")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo(field)).body("detail", startsWith(field + ": "));
    }

    private static String start(String body) {
        return given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).contentType(ContentType.JSON).body(body).post("/api/v1/streams/replay")
                .then().statusCode(202).header("Location", containsString("/api/v1/streams/replay/"))
                .body("status", equalTo("running"))
                .extract().path("job_id");
    }

    private static ValidatableResponse awaitCompleted(String jobId) {
        await().atMost(WAIT).until(() -> !"running".equals(given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID))
                .get("/api/v1/streams/replay/" + jobId).then().statusCode(200).extract().path("status")));
        return given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).get("/api/v1/streams/replay/" + jobId).then()
                .statusCode(200).body("status", equalTo("completed")).body("job_id", equalTo(jobId));
    }

    private static KafkaConsumer<String, byte[]> targetConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestRun.KAFKA_BOOTSTRAP);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-check-" + TestRun.ID);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}

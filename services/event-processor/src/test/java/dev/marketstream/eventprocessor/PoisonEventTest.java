package dev.marketstream.eventprocessor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.marketstream.eventprocessor.redis.StreamKeys;
import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PipelineTestResource;
import dev.marketstream.eventprocessor.support.RealStackTest;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Command;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Poison events in the running app: an event Redis keeps refusing moves to the dead-letter stream
 * after 3 tries with its error, is acknowledged, and is delivered once re-driven after the fix; an
 * undecodable entry holds back its user's later events only until it is dead-lettered.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class PoisonEventTest extends RealStackTest {



    @Test
    void deadLettersAnEventRedisKeepsRefusingThenRedrivesItOnceFixed() throws Exception {
        String user = TestRun.user("poison");
        redis.send(Command.SET, RedisKeys.userHistory(user), "not a stream");
        EventEnvelope<PortfolioUpdate> event = Events.portfolio(user, 5);

        events.send(event);

        RedisProbe.Entry dead = awaitDeadLetter(event.eventId().toString());
        assertThat(dead.fields()).containsEntry("failures", "3").containsEntry("key", user);
        assertThat(dead.fields().get("error")).startsWith("WRONGTYPE").contains(RedisKeys.userHistory(user));
        // Acknowledged: its own entry is no longer pending (other tests' entries may be, at this moment).
        String entryId = redis.range(PipelineTestResource.STREAM).stream()
                .filter(e -> event.eventId().toString().equals(e.fields().get("event_id"))).findFirst().orElseThrow().id();
        assertThat(redis.pendingIds(PipelineTestResource.STREAM, StreamKeys.GROUP)).doesNotContain(entryId);
        assertThat(redis.get(StreamKeys.eventState(event.eventId().toString()))).startsWith("dead_lettered:");
        await().atMost(WAIT).untilAsserted(() -> assertThat(processingLogRow(event.eventId()))
                .hasValueSatisfying(row -> assertThat(row).startsWith("dead_lettered/3/WRONGTYPE")));
        assertThat(processedAt(event.eventId())).isEmpty();
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).get("/api/v1/streams/dead-letters?limit=1000")
                .then().statusCode(200).body("id", hasItem(dead.id()));
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).get("/api/v1/streams/processing-log?status=dead_lettered&limit=1000")
                .then().statusCode(200).body("event_id", hasItem(event.eventId().toString()));
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).get("/api/v1/streams/processing-log?status=stuck")
                .then().statusCode(400).contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("status"));

        redis.send(Command.DEL, RedisKeys.userHistory(user));
        given().auth().oauth2(LocalJwt.operator("ops-" + TestRun.ID)).contentType(ContentType.JSON).body("{\"ids\": [\"" + dead.id() + "\"]}")
                .post("/api/v1/streams/dead-letters/redrive")
                .then().statusCode(200).body("missing", org.hamcrest.Matchers.empty());

        await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() == 1);
        assertThat(redis.range(RedisKeys.userHistory(user)).get(0).fields()).containsEntry("seq", "1");
        assertThat(redis.range(PipelineTestResource.DEAD_LETTER_STREAM)).noneMatch(e -> e.id().equals(dead.id()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(processingLogRow(event.eventId()))
                .hasValueSatisfying(row -> assertThat(row).startsWith("processed/3/")));
    }

    @Test
    void anUndecodableEntryHoldsBackItsUsersLaterEventsOnlyUntilDeadLettered() {
        String user = TestRun.user("undecodable");
        String poisonId = UUID.randomUUID().toString();
        String entry = redis.send(Command.XADD, PipelineTestResource.STREAM, "*", "event_id", poisonId, "key", user,
                "event", "{\"eventId\": truncated", "origin", "test/0/0").toString();
        redis.send(Command.RPUSH, StreamKeys.orderQueue(PipelineTestResource.STREAM, user), entry);
        EventEnvelope<PortfolioUpdate> later = Events.portfolio(user, 6);

        events.send(later);

        RedisProbe.Entry dead = awaitDeadLetter(poisonId);
        assertThat(dead.fields().get("error")).startsWith("undecodable entry").contains("eventId");
        await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() == 1);
        assertThat(redis.range(RedisKeys.userHistory(user)).get(0).fields().get("event")).contains(later.eventId().toString());
    }

    private RedisProbe.Entry awaitDeadLetter(String eventId) {
        return await().atMost(WAIT).until(() -> redis.range(PipelineTestResource.DEAD_LETTER_STREAM).stream()
                .filter(e -> eventId.equals(e.fields().get("event_id"))).findFirst(), Optional::isPresent).orElseThrow();
    }

}

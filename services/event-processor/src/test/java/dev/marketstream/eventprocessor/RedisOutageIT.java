package dev.marketstream.eventprocessor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.eventprocessor.support.PrivateRedisResource;
import dev.marketstream.eventprocessor.support.TestRun;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (java -jar, prod profile) against a private redis-server that the test stops
 * mid-stream and starts again: events produced before, during and after the outage all reach the
 * user's history once, in order, with seqs 1..n; readiness reports the outage.
 */
@QuarkusIntegrationTest
@WithTestResource(PrivateRedisResource.class)
class RedisOutageIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void losesNothingWhileRedisIsDownAndDeliversEachEventOnce() {
        String user = TestRun.user("outage");
        List<EventEnvelope<PortfolioUpdate>> sent = new ArrayList<>();
        try (Events events = new Events()) {
            IntStream.range(0, 20).forEach(i -> sent.add(send(events, user, i)));
            PrivateRedisResource.stopServer();
            IntStream.range(20, 40).forEach(i -> sent.add(send(events, user, i)));
            await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 503);

            PrivateRedisResource.startServer();
            IntStream.range(40, 50).forEach(i -> sent.add(send(events, user, i)));
        }

        try (RedisProbe redis = new RedisProbe(PrivateRedisResource.uri())) {
            await().atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() >= sent.size());
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> redis.range(RedisKeys.userHistory(user)).size() == sent.size());
            List<RedisProbe.Entry> history = redis.range(RedisKeys.userHistory(user));
            assertThat(history).extracting(e -> e.fields().get("seq"))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, sent.size()).mapToObj(Integer::toString).toList());
            assertThat(history).extracting(e -> Events.CODEC.decode(e.fields().get("event").getBytes(StandardCharsets.UTF_8)).eventId())
                    .containsExactlyElementsOf(sent.stream().map(EventEnvelope::eventId).toList());
        }
        await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static EventEnvelope<PortfolioUpdate> send(Events events, String user, int i) {
        EventEnvelope<PortfolioUpdate> event = Events.portfolio(user, i);
        events.send(event);
        return event;
    }
}

package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Proves a client that drops and resumes gets its subscriptions back with a fresh snapshot and exactly
 * the user events it missed, from the Redis history, in order and without duplicates.
 */
@QuarkusTest
class ResumeTest extends GatewayTestBase {

    @Test
    void resumeRestoresSubscriptionsAndReplaysExactlyTheMissedEvents() throws Exception {
        String user = Fixtures.uniqueUser("resume");
        String token = LocalJwt.trader(user);
        String symbol = fixtures.knownSymbol();
        fixtures.snapshot(symbol, "50.00");

        WsClient first = connect(token);
        String sessionId = first.awaitEvent("session").getJsonObject("data").getString("session_id");
        first.send(subscribeMarket(symbol));
        first.awaitEvent("subscribed");
        first.send(frame("subscribe_alerts", new JsonObject()));
        first.awaitEvent("subscribed");
        first.send(frame("subscribe_portfolio", new JsonObject().put("portfolio_id", "*")));
        first.awaitEvent("subscribed");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> redis.execute("PUBSUB", "NUMSUB",
                dev.marketstream.events.redis.RedisKeys.userChannel(user)).get(1).toLong() > 0);

        fixtures.deliver(user, 1, Fixtures.alert(user, "first"), true);
        fixtures.deliver(user, 2, Fixtures.portfolio(user, "pf-1"), true);
        assertThat(first.awaitEvent("trading_alert").getLong("seq")).isEqualTo(1L);
        JsonObject second = first.awaitEvent("portfolio_update");
        assertThat(second.getLong("seq")).isEqualTo(2L);
        assertThat(second.getString("stream")).isEqualTo("user");
        first.close();
        first.closeCode.get(10, java.util.concurrent.TimeUnit.SECONDS);

        fixtures.deliver(user, 3, Fixtures.alert(user, "missed-3"), true);
        fixtures.deliver(user, 4, Fixtures.portfolio(user, "pf-1"), true);
        fixtures.deliver(user, 5, Fixtures.alert(user, "missed-5"), true);
        fixtures.snapshot(symbol, "55.00");

        WsClient again = connect(token);
        again.awaitEvent("session");
        again.send(frame("resume", new JsonObject().put("session_id", sessionId).put("last_seq", 2)).put("request_id", "r1"));
        JsonObject resumed = again.await(f -> "session".equals(f.getString("event")), Duration.ofSeconds(15));
        assertThat(resumed.getJsonObject("data").getString("session_id")).isEqualTo(sessionId);
        assertThat(resumed.getJsonObject("data").getBoolean("resumed")).isTrue();
        assertThat(resumed.getString("request_id")).isEqualTo("r1");

        List<JsonObject> userEvents = new ArrayList<>();
        JsonObject snapshot = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while ((userEvents.size() < 3 || snapshot == null) && System.nanoTime() < deadline) {
            JsonObject f = again.await(x -> true, Duration.ofSeconds(15));
            if ("user".equals(f.getString("stream"))) {
                userEvents.add(f);
            } else if ("market_data".equals(f.getString("event"))) {
                snapshot = f;
            }
        }
        assertThat(userEvents).extracting(f -> f.getLong("seq")).containsExactly(3L, 4L, 5L);
        assertThat(userEvents.get(0).getJsonObject("data").getString("message")).isEqualTo("missed-3");
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.getBoolean("snapshot")).isTrue();
        assertThat(snapshot.getJsonObject("data").getValue("price").toString()).startsWith("55");

        fixtures.deliver(user, 6, Fixtures.alert(user, "live-6"), true);
        JsonObject live = again.awaitEvent("trading_alert");
        assertThat(live.getLong("seq")).isEqualTo(6L);
        assertNoMoreUserEvents(again);
    }

    @Test
    void refusesToResumeAnotherUsersSession() {
        WsClient owner = connect(LocalJwt.trader(Fixtures.uniqueUser("owner")));
        String sessionId = owner.awaitEvent("session").getJsonObject("data").getString("session_id");
        WsClient thief = connect(LocalJwt.trader(Fixtures.uniqueUser("thief")));
        thief.awaitEvent("session");
        thief.send(frame("resume", new JsonObject().put("session_id", sessionId).put("last_seq", 0)));
        assertThat(thief.awaitEvent("error").getJsonObject("data").getString("code")).isEqualTo("session_not_found");
    }
}

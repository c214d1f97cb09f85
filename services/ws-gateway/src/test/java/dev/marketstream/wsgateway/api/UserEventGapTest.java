package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.config.GatewayBeans.PodId;
import dev.marketstream.wsgateway.redis.RedisUserEventFeed;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Proves a connected client gets every user event once, in seq order, when Redis Pub/Sub lost some: a message
 * missing between two it did carry, and messages published while the gateway's own subscriber connection was
 * dropped (killed by its id, never another client's); the gateway reads them from the user's history in Redis.
 */
@QuarkusTest
class UserEventGapTest extends GatewayTestBase {

    @Inject
    PodId podId;

    @Test
    void fillsASeqPubSubSkippedFromTheHistoryInOrder() {
        String user = Fixtures.uniqueUser("gap");
        WsClient client = subscribedToAlerts(user);

        fixtures.deliver(user, 1, Fixtures.alert(user, "first"), true);
        fixtures.deliver(user, 2, Fixtures.alert(user, "only in the history"), false);
        fixtures.deliver(user, 3, Fixtures.alert(user, "third"), true);

        List<JsonObject> alerts = awaitUserEvents(client, 3);
        assertThat(alerts).extracting(f -> f.getLong("seq")).containsExactly(1L, 2L, 3L);
        assertThat(alerts.get(1).getJsonObject("data").getString("message")).isEqualTo("only in the history");
        assertNoMoreUserEvents(client);
    }

    @Test
    void catchesUpOnWhatWasPublishedWhileItsPubSubConnectionWasDown() {
        String user = Fixtures.uniqueUser("drop");
        WsClient client = subscribedToAlerts(user);
        fixtures.deliver(user, 1, Fixtures.alert(user, "before"), true);
        assertThat(client.awaitEvent("trading_alert").getLong("seq")).isEqualTo(1L);

        redis.execute("CLIENT", "KILL", "ID", feedConnectionId());
        long receivers = fixtures.deliver(user, 2, Fixtures.alert(user, "while the feed was down"), true);
        assertThat(receivers).as("the alert was published while nobody was subscribed").isZero();

        List<JsonObject> caughtUp = awaitUserEvents(client, 1);
        assertThat(caughtUp).extracting(f -> f.getLong("seq")).containsExactly(2L);
        awaitSubscribed(user);
        fixtures.deliver(user, 3, Fixtures.alert(user, "after"), true);
        assertThat(awaitUserEvents(client, 1)).extracting(f -> f.getLong("seq")).containsExactly(3L);
        assertNoMoreUserEvents(client);
    }

    private WsClient subscribedToAlerts(String user) {
        WsClient client = connect(LocalJwt.trader(user));
        client.awaitEvent("session");
        client.send(frame("subscribe_alerts", new JsonObject()));
        client.awaitEvent("subscribed");
        awaitSubscribed(user);
        return client;
    }

    private void awaitSubscribed(String user) {
        Awaitility.await("gateway subscribed to " + user).atMost(Duration.ofSeconds(20))
                .until(() -> redis.execute("PUBSUB", "NUMSUB", RedisKeys.userChannel(user)).get(1).toLong() > 0);
    }

    /** The id of this gateway's own Pub/Sub connection, found by its name in {@code CLIENT LIST}. */
    private String feedConnectionId() {
        String name = "name=" + RedisUserEventFeed.clientName(podId.value()) + " ";
        for (String line : redis.execute("CLIENT", "LIST").toString().split("\n")) {
            if (line.contains(name)) {
                return line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
            }
        }
        throw new AssertionError("no Redis connection named " + name.trim());
    }

    private static List<JsonObject> awaitUserEvents(WsClient client, int count) {
        List<JsonObject> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(client.await(f -> "user".equals(f.getString("stream")), Duration.ofSeconds(20)));
        }
        return events;
    }
}

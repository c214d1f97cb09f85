package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared set-up of the tests against the running gateway: fixtures and connected clients, closed after each test. */
abstract class GatewayTestBase {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    RedisDataSource redis;

    Fixtures fixtures;
    private final List<WsClient> clients = new ArrayList<>();

    /**
     * Waits until the gateway is ready: its market feed is positioned at the end of every market partition, so a
     * record a test produces from now on reaches its subscribers (before that, the feed's start position may lie
     * behind it). The first test of a run can start before that moment.
     */
    @BeforeEach
    void awaitReadyAndOpenFixtures() {
        Awaitility.await("gateway ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        fixtures = new Fixtures(redis);
    }

    @AfterEach
    void closeAll() {
        clients.forEach(WsClient::close);
        clients.clear();
        fixtures.close();
    }

    WsClient connect(String token) {
        return track(WsClient.connect(ws, token));
    }

    WsClient connect(String token, WsClient.Options options) {
        return track(WsClient.connect(ws, token, options));
    }

    WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    static JsonObject frame(String event, JsonObject data) {
        return new JsonObject().put("event", event).put("data", data);
    }

    static JsonObject subscribeMarket(String... symbols) {
        return subscribe("price", symbols);
    }

    static JsonObject subscribe(String dataType, String... symbols) {
        return frame("subscribe_market_data", new JsonObject().put("symbols", new JsonArray(List.of((Object[]) symbols)))
                .put("data_types", new JsonArray().add(dataType)));
    }

    /** Asserts the client receives no user event for a while (none repeated, none late). */
    static void assertNoMoreUserEvents(WsClient client) {
        List<JsonObject> after = new ArrayList<>();
        Awaitility.await("no further user event").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> {
                    after.addAll(client.drain());
                    return after.stream().noneMatch(f -> "user".equals(f.getString("stream")));
                });
        assertThat(after).noneMatch(f -> "user".equals(f.getString("stream")));
    }
}

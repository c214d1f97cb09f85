package dev.marketstream.wsgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves the Stream Management REST API: each status code, ownership, problem+json, health, metrics, and stored subscriptions applied on connect. */
@QuarkusTest
class StreamApiTest extends GatewayTestBase {

    static final String SUBSCRIPTIONS = "/api/v1/streams/subscriptions";

    @Test
    void storesListsAndDeletesOwnSubscriptions() {
        String token = LocalJwt.trader(Fixtures.uniqueUser("api"));
        String symbol = fixtures.knownSymbol();
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[\"" + symbol + "\"],\"data_types\":[\"price\"]}}")
                .post(SUBSCRIPTIONS)
                .then().statusCode(201).header("Location", containsString(SUBSCRIPTIONS + "/"))
                .body("stream_type", equalTo("market_data")).body("parameters.symbols", hasItem(symbol))
                .extract().path("id");
        given().auth().oauth2(token).get(SUBSCRIPTIONS).then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token).delete(SUBSCRIPTIONS + "/" + id).then().statusCode(204);
        given().auth().oauth2(token).delete(SUBSCRIPTIONS + "/" + id).then().statusCode(404);
        given().auth().oauth2(token).delete(SUBSCRIPTIONS + "/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("id")).body("detail", containsString("not-a-uuid"));
        List<String> ids = given().auth().oauth2(token).get(SUBSCRIPTIONS).then().statusCode(200).extract().path("id");
        assertThat(ids).doesNotContain(id);
    }

    @Test
    void hidesOtherUsersSubscriptionsWith404() {
        String owner = LocalJwt.trader(Fixtures.uniqueUser("owner"));
        String other = LocalJwt.trader(Fixtures.uniqueUser("other"));
        String id = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"stream_type\":\"alerts\",\"parameters\":{\"alert_types\":[\"price_threshold\"]}}")
                .post(SUBSCRIPTIONS).then().statusCode(201).extract().path("id");
        given().auth().oauth2(other).delete(SUBSCRIPTIONS + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        List<String> ids = given().auth().oauth2(other).get(SUBSCRIPTIONS).then().statusCode(200).extract().path("id");
        assertThat(ids).doesNotContain(id);
    }

    @Test
    void rejectsInvalidSubscriptionsWithProblemNamingTheField() {
        String token = LocalJwt.trader(Fixtures.uniqueUser("api"));
        invalid(token, "{\"stream_type\":\"tv\",\"parameters\":{}}", "stream_type");
        invalid(token, "{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[]}}", "parameters.symbols");
        invalid(token, "{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[\"lower case\"]}}", "parameters.symbols[0]");
        invalid(token, "{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[\"NOPE" + fixtures.knownSymbol() + "\"]}}",
                "parameters.symbols");
        invalid(token, "{\"stream_type\":\"portfolio\",\"parameters\":{\"update_types\":[\"position\"]}}", "parameters.portfolio_id");
        invalid(token, "{\"stream_type\":\"alerts\",\"parameters\":{\"alert_types\":[\"x\"]},\"extra\":1}", "extra");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{oops").post(SUBSCRIPTIONS)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusesMissingAndInvalidTokensWith401() {
        given().get(SUBSCRIPTIONS).then().statusCode(401);
        given().auth().oauth2(LocalJwt.forged("mallory")).get(SUBSCRIPTIONS).then().statusCode(401);
        given().auth().oauth2(LocalJwt.expired("mallory")).contentType(ContentType.JSON).body("{}").post(SUBSCRIPTIONS)
                .then().statusCode(401);
        given().get("/api/v1/streams/health").then().statusCode(401);
        given().get("/api/v1/streams/metrics").then().statusCode(401);
    }

    @Test
    void reportsHealthAndMetricsFromRealCounters() {
        String token = LocalJwt.trader(Fixtures.uniqueUser("ops"));
        WsClient client = connect(token);
        client.awaitEvent("session");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token).get("/api/v1/streams/health").then().statusCode(200)
                        .body("kafka_status", equalTo("UP")).body("redis_status", equalTo("UP"))
                        .body("websocket_connections", greaterThanOrEqualTo(1)).body("events_per_second", notNullValue()));
        given().auth().oauth2(token).get("/api/v1/streams/metrics").then().statusCode(200)
                .body("active_connections", greaterThanOrEqualTo(1)).body("total_events_processed", notNullValue())
                .body("average_latency_ms", notNullValue()).body("error_rate", notNullValue());
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("ws-gateway streams"))
                .body("checks.find { it.name == 'ws-gateway streams' }.data", equalTo(Map.of("kafka", "UP", "redis", "UP", "journal", "UP", "warm-up", "off")));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey(SUBSCRIPTIONS));
    }

    @Test
    void appliesStoredSubscriptionsWhenTheUserConnects() {
        String token = LocalJwt.trader(Fixtures.uniqueUser("stored"));
        String symbol = fixtures.knownSymbol();
        fixtures.snapshot(symbol, "77.00");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[\"" + symbol + "\"]}}")
                .post(SUBSCRIPTIONS).then().statusCode(201);
        WsClient client = connect(token);
        JsonObject ack = client.awaitEvent("subscribed");
        assertThat(ack.getJsonObject("data").getBoolean("persistent")).isTrue();
        JsonObject snapshot = client.awaitEvent("market_data");
        assertThat(snapshot.getJsonObject("data").getString("symbol")).isEqualTo(symbol);
        fixtures.producePrice(symbol, "78.00");
        fixtures.flush();
        JsonObject live = client.await(f -> "market_data".equals(f.getString("event")) && f.getBoolean("snapshot") == null,
                java.time.Duration.ofSeconds(20));
        assertThat(live.getJsonObject("data").getValue("price").toString()).startsWith("78");
    }

    private static void invalid(String token, String body, String field) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(SUBSCRIPTIONS)
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo(field))
                .body("detail", containsString(field));
    }
}

package dev.marketstream.wsgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.wsgateway.support.Fixtures;
import dev.marketstream.wsgateway.support.HistoryFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the market history REST API against PostgreSQL and Redis: pages of stored bars with cursors, roll-ups, latest values, problem+json for each bad parameter, and its OpenAPI description. */
@QuarkusTest
class MarketHistoryApiTest extends GatewayTestBase {

    private final String token = LocalJwt.trader(Fixtures.uniqueUser("history"));

    @Test
    void pagesThroughStoredMinuteBarsOldestFirst() {
        String symbol = fixtures.knownSymbol();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        try (HistoryFixtures history = new HistoryFixtures()) {
            for (int i = 0; i < 7; i++) {
                history.bar(symbol, 60, start.plus(Duration.ofMinutes(i)), "10" + i, "11" + i, "9" + i, "10" + i + ".5");
            }
            history.bar(symbol, 1, start, "1", "1", "1", "1"); // another interval: never in a 1m page
        }
        List<String> starts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(token).queryParam("interval", "1m").queryParam("from", start.toString())
                    .queryParam("to", start.plus(Duration.ofHours(1)).toString()).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/market/" + symbol + "/candles").then().statusCode(200)
                    .body("symbol", equalTo(symbol)).body("interval", equalTo("1m")).extract().jsonPath();
            starts.addAll(page.getList("candles.window_start"));
            assertThat(page.getList("candles.interval", String.class)).containsOnly("1m");
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(start.plus(Duration.ofMinutes(i)).toString());
        }
        assertThat(starts).containsExactlyElementsOf(expected);
        given().auth().oauth2(token).queryParam("interval", "1m").queryParam("from", start.toString()).queryParam("limit", 1)
                .get("/api/v1/market/" + symbol + "/candles").then().statusCode(200)
                .body("candles", hasSize(1)).body("candles[0].open", equalTo(100)).body("candles[0].close", equalTo(100.5f))
                .body("candles[0].high", equalTo(110)).body("candles[0].low", equalTo(90))
                .body("candles[0].window_end", equalTo(start.plus(Duration.ofMinutes(1)).toString()))
                .body("candles[0].trade_count", equalTo(1));
    }

    @Test
    void readsRollUpsForLongerIntervals() {
        String symbol = fixtures.knownSymbol();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        try (HistoryFixtures history = new HistoryFixtures()) {
            history.bar(symbol, 3_600, hour, "50", "55", "45", "52.25");
        }
        given().auth().oauth2(token).queryParam("interval", "1h").queryParam("from", hour.toString())
                .get("/api/v1/market/" + symbol + "/candles").then().statusCode(200)
                .body("candles", hasSize(1)).body("candles[0].interval", equalTo("1h")).body("candles[0].close", equalTo(52.25f))
                .body("next_cursor", nullValue());
    }

    @Test
    void answersLatestValuesFromTheRedisSnapshots() {
        String symbol = fixtures.knownSymbol();
        fixtures.snapshot(symbol, "187.5");
        given().auth().oauth2(token).get("/api/v1/market/" + symbol + "/latest").then().statusCode(200)
                .body("symbol", equalTo(symbol)).body("price.price", equalTo(187.5f)).body("price.symbol", equalTo(symbol))
                .body("volume", nullValue()).body("orderbook", nullValue());
        given().auth().oauth2(token).get("/api/v1/market/NOPE" + System.nanoTime() % 100_000 + "/latest").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void refusesBadParametersWithProblemNamingThem() {
        String symbol = fixtures.knownSymbol();
        String candles = "/api/v1/market/" + symbol + "/candles";
        refused(given().auth().oauth2(token).queryParam("interval", "2x").get(candles), "interval");
        refused(given().auth().oauth2(token).queryParam("interval", "10s").get(candles), "interval");
        refused(given().auth().oauth2(token).queryParam("from", "yesterday").get(candles), "from");
        refused(given().auth().oauth2(token).queryParam("from", "2026-12-02T00:00:00Z").queryParam("to", "2026-12-01T00:00:00Z")
                .get(candles), "from");
        refused(given().auth().oauth2(token).queryParam("limit", "0").get(candles), "limit");
        refused(given().auth().oauth2(token).queryParam("limit", "many").get(candles), "limit");
        refused(given().auth().oauth2(token).queryParam("cursor", "bm90LWEtY3Vyc29y").get(candles), "cursor");
        refused(given().auth().oauth2(token).get("/api/v1/market/bad symbol!/candles"), "symbol");
        given().auth().oauth2(token).get("/api/v1/market/UNKNOWN" + System.nanoTime() % 100_000 + "/candles").then().statusCode(404)
                .contentType("application/problem+json");
        given().get(candles).then().statusCode(401).contentType("application/problem+json");
        assertThat(redis.set(String.class).sismember(RedisKeys.KNOWN_SYMBOLS, symbol)).isTrue();
    }

    @Test
    void documentsBothEndpointsInOpenApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/market/{symbol}/candles"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/market/{symbol}/latest"))
                .body("paths.'/api/v1/market/{symbol}/candles'.get.parameters.name", org.hamcrest.Matchers.hasItems("interval", "from", "to",
                        "limit", "cursor"));
    }

    private static void refused(io.restassured.response.Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json").body("field", equalTo(field));
    }
}

package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves every kind of bad frame gets an error event naming the problem while the connection survives, and abuse gets 1008. */
@QuarkusTest
class BadFramesTest extends GatewayTestBase {

    @Test
    void answersEachKindOfBadFrameWithAnErrorAndStaysOpen() {
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("bad")));
        client.awaitEvent("session");
        String known = fixtures.knownSymbol();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            symbols.add("SYM" + i);
        }
        assertError(client, "{not json", "malformed_json", "$");
        assertError(client, "{\"event\":\"teleport\",\"data\":{}}", "unknown_event", "event");
        assertError(client, "{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":\"AAPL\"}}", "invalid_field", "data.symbols");
        assertError(client, "{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"" + known + "\"],\"max_frequency\":\"4\"}}",
                "invalid_field", "data.max_frequency");
        assertError(client, "{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"" + known + "\"],\"data_types\":[\"gossip\"]}}",
                "invalid_field", "data.data_types[0]");
        assertError(client, subscribeMarket(known, "NOPE" + known).encode(), "unknown_symbol", "data.symbols");
        assertError(client, frame("subscribe_market_data", new JsonObject().put("symbols", new JsonArray(symbols))).encode(),
                "too_many_symbols", "data.symbols");
        assertError(client, "{\"event\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(9_000) + "\"}}", "frame_too_large", "$");
        assertError(client, "{\"event\":\"resume\",\"data\":{\"session_id\":\"nope\",\"last_seq\":0}}", "session_not_found", "data.session_id");
        client.sendBinary(new byte[] {1, 2, 3});
        JsonObject binary = client.awaitEvent("error");
        assertThat(binary.getJsonObject("data").getString("code")).isEqualTo("binary_frame");
        assertThat(binary.getJsonObject("data").getString("message")).contains("3 bytes");

        client.send("{\"event\":\"ping\",\"request_id\":\"alive\",\"data\":{\"client_time\":42}}");
        JsonObject pong = client.awaitEvent("pong");
        assertThat(pong.getString("request_id")).isEqualTo("alive");
        assertThat(pong.getJsonObject("data").getLong("client_time")).isEqualTo(42L);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void rateLimitsFloodsWithAnError() {
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("flood")));
        client.awaitEvent("session");
        for (int i = 0; i < 45; i++) {
            client.send("{\"event\":\"ping\"}");
        }
        JsonObject error = client.await(f -> "error".equals(f.getString("event")), Duration.ofSeconds(10));
        assertThat(error.getJsonObject("data").getString("code")).isEqualTo("rate_limited");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void closesSustainedAbuseWith1008() throws Exception {
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("abuse")));
        client.awaitEvent("session");
        for (int i = 0; i < 60; i++) {
            client.send("garbage " + i);
        }
        assertThat(client.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(client.closeReason).contains("policy violation");
    }

    private static void assertError(WsClient client, String frame, String code, String field) {
        client.send(frame);
        JsonObject error = client.await(f -> "error".equals(f.getString("event")), Duration.ofSeconds(10));
        assertThat(error.getJsonObject("data").getString("code")).as("error for %s", frame.substring(0, Math.min(80, frame.length())))
                .isEqualTo(code);
        assertThat(error.getJsonObject("data").getString("field")).isEqualTo(field);
        assertThat(error.getJsonObject("data").getString("message")).isNotBlank();
    }
}

package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Proves the per-user connection limit (50 by default) at the handshake: the 51st connection of one user gets 429 with
 * Retry-After while another user still connects, the refusal is counted by reason, and a closed connection frees its
 * place.
 */
@QuarkusTest
class ConnectionLimitTest extends GatewayTestBase {

    private static final int LIMIT = 50;

    @Test
    void refusesTheConnectionOverTheLimitWith429AndAdmitsAgainAfterAClose() {
        String user = Fixtures.uniqueUser("greedy");
        String token = LocalJwt.trader(user);
        List<WsClient> held = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            WsClient client = connect(token);
            client.awaitEvent("session");
            held.add(client);
        }
        double refusedBefore = refusedPerUserLimit();

        assertThat(WsClient.refusedStatus(withToken(token))).isEqualTo(429);
        assertThat(refusedPerUserLimit()).isEqualTo(refusedBefore + 1);
        WsClient other = connect(LocalJwt.trader(Fixtures.uniqueUser("modest")));
        assertThat(other.awaitEvent("session")).isNotNull();

        held.get(0).close();
        Awaitility.await("a place freed by the close").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> WsClient.refusedStatus(withToken(token)) == 101);
    }

    private WebSocketConnectOptions withToken(String token) {
        return WsClient.connectOptions(ws).addHeader("Authorization", "Bearer " + token);
    }

    private static double refusedPerUserLimit() {
        String metrics = RestAssured.get("/q/metrics").asString();
        return metrics.lines().filter(line -> line.startsWith("marketstream_gateway_connections_refused_total{")
                && line.contains("reason=\"per_user_limit\"")).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}

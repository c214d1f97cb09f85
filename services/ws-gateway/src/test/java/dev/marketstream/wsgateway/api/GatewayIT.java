package dev.marketstream.wsgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Proves the packaged gateway authenticates handshakes, greets with a session and answers the REST API. */
@QuarkusIntegrationTest
class GatewayIT {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void packagedAppAuthenticatesAndServes() {
        assertThat(WsClient.refusedStatus(WsClient.connectOptions(ws))).isEqualTo(401);
        String user = "it-" + System.nanoTime();
        try (WsClient client = WsClient.connect(ws, LocalJwt.trader(user))) {
            assertThat(client.awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(user);
        }
        given().get("/api/v1/streams/subscriptions").then().statusCode(401);
        given().auth().oauth2(LocalJwt.trader(user)).get("/api/v1/streams/subscriptions").then().statusCode(200);
    }
}

package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import jakarta.inject.Inject;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Proves the handshake admits valid tokens from each of the three places and refuses bad ones with 401, a token it
 * remembers as verified included once that token expired; an admitted token is not kept in the connection's headers.
 */
@QuarkusTest
class HandshakeAuthTest extends GatewayTestBase {

    @Inject
    JWTAuthContextInfo jwtSettings;

    @Inject
    OpenConnections openConnections;

    @Test
    void acceptsBearerHeaderAndSendsSession() {
        String user = Fixtures.uniqueUser("auth");
        WsClient client = connect(LocalJwt.trader(user));
        JsonObject session = client.awaitEvent("session");
        assertThat(session.getJsonObject("data").getString("user_id")).isEqualTo(user);
        assertThat(session.getJsonObject("data").getString("session_id")).isNotBlank();
        assertThat(session.getString("stream")).isEqualTo("control");
        assertThat(session.getLong("seq")).isEqualTo(1L);
    }

    @Test
    void acceptsTokenInSubprotocolForBrowsers() {
        String user = Fixtures.uniqueUser("auth");
        WebSocketConnectOptions options = WsClient.connectOptions(ws)
                .setSubProtocols(List.of("marketstream.v1", "bearer." + LocalJwt.trader(user)));
        WsClient client = track(WsClient.open(options, WsClient.Options.DEFAULT));
        assertThat(client.awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(user);
        assertThat(client.subprotocol()).isEqualTo("marketstream.v1");
    }

    @Test
    void anAdmittedTokenDoesNotStayInTheConnectionsHeaders() {
        String headerUser = Fixtures.uniqueUser("auth");
        String headerToken = LocalJwt.trader(headerUser);
        connect(headerToken).awaitEvent("session");
        String browserUser = Fixtures.uniqueUser("auth");
        String browserToken = LocalJwt.trader(browserUser);
        WsClient browser = track(WsClient.open(WsClient.connectOptions(ws)
                .setSubProtocols(List.of("marketstream.v1", "bearer." + browserToken)), WsClient.Options.DEFAULT));
        browser.awaitEvent("session");

        HandshakeRequest headerHandshake = handshakeOf(headerUser);
        assertThat(headerHandshake.header("Authorization")).isNull();
        HandshakeRequest browserHandshake = handshakeOf(browserUser);
        assertThat(browserHandshake.header("Sec-WebSocket-Protocol")).isEqualTo("marketstream.v1");
        assertThat(browser.subprotocol()).isEqualTo("marketstream.v1");
        assertThat(headerHandshake.headers().toString() + browserHandshake.headers())
                .doesNotContain(headerToken).doesNotContain(browserToken);
    }

    /** The server side of the user's connection; its session is attached just after the greeting goes out. */
    private HandshakeRequest handshakeOf(String user) {
        return Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> openConnections.stream()
                        .filter(connection -> {
                            ClientSession session = connection.userData().get(GatewaySocket.SESSION);
                            return session != null && session.userId().equals(user);
                        })
                        .findFirst(), java.util.Optional::isPresent)
                .orElseThrow().handshakeRequest();
    }

    @Test
    void acceptsTokenInQueryParameter() {
        String user = Fixtures.uniqueUser("auth");
        WsClient client = track(WsClient.connect(URI.create(ws + "?access_token=" + LocalJwt.trader(user)), null));
        assertThat(client.awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(user);
    }

    @Test
    void refusesMissingExpiredForgedAndForeignTokensWith401() {
        String user = Fixtures.uniqueUser("auth");
        assertThat(WsClient.refusedStatus(WsClient.connectOptions(ws))).isEqualTo(401);
        for (String bad : List.of(LocalJwt.expired(user), LocalJwt.forged(user), LocalJwt.fromIssuer(user, "someone-else", java.util.Set.of("trader")), "not-a-jwt")) {
            assertThat(WsClient.refusedStatus(WsClient.connectOptions(ws).addHeader("Authorization", "Bearer " + bad)))
                    .as("token %s", bad).isEqualTo(401);
        }
        assertThat(WsClient.refusedStatus(WsClient.connectOptions(URI.create(ws + "?access_token=" + LocalJwt.forged(user)))))
                .isEqualTo(401);
    }

    @Test
    void refusesACachedTokenOnceItExpires() {
        String user = Fixtures.uniqueUser("auth");
        // Expires in 3 s as the verifier counts (its clock skew included), so it is cached by the first connect.
        long ttl = 3 - jwtSettings.getClockSkew();
        String token = LocalJwt.sign(user, java.util.Set.of("trader"), LocalJwt.ISSUER, ttl, LocalJwt.localPrivateKey());
        long refusedFrom = java.time.Instant.now().getEpochSecond() + 3;
        assertThat(connect(token).awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(user);
        assertThat(connect(token).awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(user);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> java.time.Instant.now().getEpochSecond() > refusedFrom);
        assertThat(WsClient.refusedStatus(WsClient.connectOptions(ws).addHeader("Authorization", "Bearer " + token))).isEqualTo(401);
    }
}

package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves against the running gateway (test clock skew 1 s) that a connection closes with 4003 when its 3-second token
 * expires, not before; that a {@code refresh} with a fresh token of the same user keeps it open and receiving market
 * data past the old expiry; and that a refresh with another user's or a forged token is refused and changes nothing.
 */
@QuarkusTest
class TokenExpiryTest extends GatewayTestBase {

    private static final long SKEW_SECONDS = 1;

    @Test
    void closesWith4003WhenTheTokenExpires() throws Exception {
        String user = Fixtures.uniqueUser("expiring");
        String token = shortToken(user, 3);
        long refusedFrom = exp(token) + SKEW_SECONDS;
        WsClient client = connect(token);
        client.awaitEvent("session");

        int code = client.closeCode.get(20, TimeUnit.SECONDS);
        long closedAt = Instant.now().getEpochSecond();

        assertThat(code).isEqualTo(4003);
        assertThat(client.closeReason).contains("token expired");
        assertThat(closedAt).as("not before the token is refused").isGreaterThanOrEqualTo(refusedFrom);
    }

    @Test
    void staysOpenAndReceivingAfterARefresh() throws Exception {
        String user = Fixtures.uniqueUser("refreshing");
        String token = shortToken(user, 3);
        String symbol = fixtures.knownSymbol();
        fixtures.snapshot(symbol, "50.00");
        WsClient client = connect(token);
        client.awaitEvent("session");
        client.send(subscribeMarket(symbol));
        client.awaitEvent("subscribed");

        String fresh = LocalJwt.trader(user);
        client.send(frame("refresh", new JsonObject().put("token", fresh)).put("request_id", "r1"));
        JsonObject refreshed = client.awaitEvent("refreshed");
        assertThat(refreshed.getString("request_id")).isEqualTo("r1");
        assertThat(refreshed.getJsonObject("data").getLong("closes_at")).isEqualTo(exp(fresh) + SKEW_SECONDS);

        long oldRefusedFrom = exp(token) + SKEW_SECONDS;
        while (Instant.now().getEpochSecond() < oldRefusedFrom + 2) {
            Thread.sleep(200);
        }
        fixtures.producePrice(symbol, "51.25");
        fixtures.flush();
        JsonObject live = client.await(f -> "market_data".equals(f.getString("event")) && !f.containsKey("snapshot"), Duration.ofSeconds(20));
        assertThat(live.getJsonObject("data").getString("symbol")).isEqualTo(symbol);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void refusesARefreshWithAnotherUsersOrAForgedTokenAndStillCloses() throws Exception {
        String user = Fixtures.uniqueUser("stealing");
        WsClient client = connect(shortToken(user, 3));
        client.awaitEvent("session");

        client.send(frame("refresh", new JsonObject().put("token", LocalJwt.trader(Fixtures.uniqueUser("victim")))));
        JsonObject otherUser = client.awaitEvent("error");
        client.send(frame("refresh", new JsonObject().put("token", LocalJwt.forged(user))));
        JsonObject forged = client.awaitEvent("error");

        assertThat(otherUser.getJsonObject("data").getString("code")).isEqualTo("invalid_token");
        assertThat(otherUser.getJsonObject("data").getString("field")).isEqualTo("data.token");
        assertThat(otherUser.getJsonObject("data").getString("message")).contains("another user");
        assertThat(forged.getJsonObject("data").getString("code")).isEqualTo("invalid_token");
        assertThat(forged.getJsonObject("data").getString("message")).contains("not a valid token");
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4003);
    }

    private static String shortToken(String user, long ttlSeconds) {
        return LocalJwt.sign(user, Set.of("trader"), LocalJwt.ISSUER, ttlSeconds, LocalJwt.localPrivateKey());
    }

    /** The token's {@code exp} claim. */
    private static long exp(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return new JsonObject(payload).getLong("exp");
    }
}

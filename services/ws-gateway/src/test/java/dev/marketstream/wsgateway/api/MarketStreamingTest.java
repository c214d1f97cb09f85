package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Proves subscribe → snapshot from Redis → live ticks from Kafka in order, unsubscribe, and compression negotiation. */
@QuarkusTest
class MarketStreamingTest extends GatewayTestBase {

    @Test
    void sendsSnapshotThenLiveTicksInOrder() {
        String symbol = fixtures.knownSymbol();
        fixtures.snapshot(symbol, "100.00");
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("market")));
        client.send(subscribeMarket(symbol).put("request_id", "sub-1"));
        JsonObject ack = client.awaitEvent("subscribed");
        assertThat(ack.getString("request_id")).isEqualTo("sub-1");
        JsonObject snapshot = client.awaitEvent("market_data");
        assertThat(snapshot.getBoolean("snapshot")).isTrue();
        assertThat(snapshot.getJsonObject("data").getString("symbol")).isEqualTo(symbol);
        assertThat(new BigDecimal(snapshot.getJsonObject("data").getValue("price").toString())).isEqualByComparingTo("100.00");

        for (int i = 1; i <= 20; i++) {
            fixtures.producePrice(symbol, "101." + String.format("%02d", i));
        }
        fixtures.flush();
        List<JsonObject> live = new ArrayList<>();
        while (live.size() < 20) {
            live.add(client.await(f -> "market_data".equals(f.getString("event")), Duration.ofSeconds(20)));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(new BigDecimal(live.get(i).getJsonObject("data").getValue("price").toString()))
                    .isEqualByComparingTo("101." + String.format("%02d", i + 1));
            assertThat(live.get(i).getString("stream")).isEqualTo(symbol + ":price");
            assertThat(live.get(i).getLong("seq")).isGreaterThan(i == 0 ? snapshot.getLong("seq") : live.get(i - 1).getLong("seq"));
        }
    }

    @Test
    void unsubscribedClientGetsNothingMore() {
        String symbol = fixtures.knownSymbol();
        String marker = fixtures.knownSymbol();
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("market")));
        client.send(subscribeMarket(symbol, marker));
        client.awaitEvent("subscribed");
        fixtures.producePrice(symbol, "10.00");
        fixtures.flush();
        client.await(f -> f.getString("stream", "").equals(symbol + ":price"), Duration.ofSeconds(20));

        client.send(frame("unsubscribe_market_data", new JsonObject().put("symbols", List.of(symbol))).put("request_id", "u1"));
        assertThat(client.awaitEvent("unsubscribed").getString("request_id")).isEqualTo("u1");
        fixtures.producePrice(symbol, "11.00");
        fixtures.producePrice(marker, "1.00");
        fixtures.flush();
        List<JsonObject> seen = new ArrayList<>();
        client.await(f -> seen.add(f) && f.getString("stream", "").equals(marker + ":price"), Duration.ofSeconds(20));
        Awaitility.await("nothing more of " + symbol).during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> {
                    seen.addAll(client.drain());
                    return seen.stream().noneMatch(f -> f.getString("stream", "").equals(symbol + ":price"));
                });
        assertThat(seen).noneMatch(f -> f.getString("stream", "").equals(symbol + ":price"));
    }

    @Test
    void negotiatesPermessageDeflateWithClientsThatOfferIt() {
        WsClient compressed = connect(LocalJwt.trader(Fixtures.uniqueUser("deflate")), new WsClient.Options(true, -1));
        compressed.awaitEvent("session");
        assertThat(compressed.header("Sec-WebSocket-Extensions")).contains("permessage-deflate");
        WsClient plain = connect(LocalJwt.trader(Fixtures.uniqueUser("deflate")));
        plain.awaitEvent("session");
        assertThat(plain.header("Sec-WebSocket-Extensions")).isNull();
    }
}

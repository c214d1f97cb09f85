package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Proves connect, subscribe, unsubscribe and disconnect are recorded in PostgreSQL (batched) with heartbeats. */
@QuarkusTest
class ConnectionRecordsTest extends GatewayTestBase {

    @Inject
    AgroalDataSource database;

    @Test
    void recordsConnectionLifecycleAndSubscriptions() throws Exception {
        String user = Fixtures.uniqueUser("db");
        String symbol = fixtures.knownSymbol();
        String other = fixtures.knownSymbol();
        WsClient client = connect(LocalJwt.trader(user));
        client.awaitEvent("session");
        client.send(subscribeMarket(symbol, other));
        client.awaitEvent("subscribed");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(query("select status from websocket_connections where user_id = ?", user)).isEqualTo("connected");
            assertThat(query("select is_active from websocket_connections where user_id = ?", user)).isEqualTo("t");
            assertThat(query("select subscriptions->0->'parameters'->'symbols'->>1 from websocket_connection_subscriptions"
                    + " where user_id = ?", user)).isEqualTo(other);
            assertThat(query("select count(*) from stream_subscriptions where user_id = ? and removed_at is null", user)).isEqualTo("1");
            assertThat(query("select count(*) from websocket_connections where user_id = ? and last_heartbeat_at > connected_at", user))
                    .isEqualTo("1");
        });
        client.send(frame("unsubscribe_market_data", new io.vertx.core.json.JsonObject().put("symbols", java.util.List.of(symbol))));
        client.awaitEvent("unsubscribed");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(query(
                "select parameters->'symbols'->>0 from stream_subscriptions where user_id = ? and removed_at is null", user)).isEqualTo(other));
        client.close();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(query("select status || ' ' || close_code from websocket_connections where user_id = ?", user))
                    .isEqualTo("disconnected 1000");
            assertThat(query("select is_active from websocket_connections where user_id = ?", user)).isEqualTo("f");
            assertThat(query("select count(*) from stream_subscriptions where user_id = ? and removed_at is null", user)).isEqualTo("0");
            assertThat(query("select count(*) from stream_subscriptions where user_id = ? and is_active", user)).isEqualTo("0");
            assertThat(query("select subscriptions::text from websocket_connection_subscriptions where user_id = ?", user))
                    .isEqualTo("[]");
        });
    }

    private String query(String sql, String user) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}

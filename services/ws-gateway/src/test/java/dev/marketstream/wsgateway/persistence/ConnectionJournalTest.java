package dev.marketstream.wsgateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.EventBackfill;
import dev.marketstream.wsgateway.domain.FrameGuard;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.Lane;
import dev.marketstream.wsgateway.domain.Outbox;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import dev.marketstream.wsgateway.support.FakeConnectionSink;
import dev.marketstream.wsgateway.support.FakeEventHistory;
import dev.marketstream.wsgateway.support.FakeLane;
import dev.marketstream.wsgateway.support.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.vertx.core.Vertx;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Proves the batched journal writes a ramp's worth of lifecycle records to the real PostgreSQL in order: connections and
 * subscriptions inserted, unsubscribes narrowing a row, disconnects closing the connection and its subscriptions; and
 * that it reports itself writable (for readiness) only once the database answered and while its queue has room.
 */
@QuarkusTest
class ConnectionJournalTest {

    static final int CONNECTIONS = 3_000;

    @Inject
    ConnectionJournalWriter journal;

    @Inject
    ServerFrames frames;

    @Inject
    AgroalDataSource database;

    @Inject
    Vertx vertx;

    @Test
    void writesARampOfConnectionsSubscriptionsAndDisconnectsInOrder() {
        String user = Fixtures.uniqueUser("journal");
        long failedBefore = journal.failedBatches.sum();
        for (int i = 0; i < CONNECTIONS; i++) {
            ClientSession session = session(user + "-" + i, user);
            journal.opened(session, "127.0.0.1");
            journal.subscribed(session, "market_data", "{\"symbols\":[\"A\",\"B\"],\"data_types\":[\"price\"]}");
            if (i % 3 == 0) {
                journal.unsubscribed(session, "market_data", "{\"symbols\":[\"A\"]}");
            }
            if (i % 2 == 0) {
                journal.closed(session, 1012, "service restart: reconnect and resume your session");
            }
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count("select count(*) from websocket_connections where user_id = ? and status = 'disconnected' and close_code = 1012",
                    user)).isEqualTo(CONNECTIONS / 2);
            assertThat(count("select count(*) from websocket_connections where user_id = ? and status = 'connected'", user))
                    .isEqualTo(CONNECTIONS / 2);
            assertThat(count("select count(*) from stream_subscriptions where user_id = ? and removed_at is null", user))
                    .as("one open subscription per open connection").isEqualTo(CONNECTIONS / 2);
            assertThat(count("select count(*) from stream_subscriptions where user_id = ? and removed_at is null"
                    + " and parameters->'symbols' = '[\"B\"]'::jsonb", user)).as("narrowed by the unsubscribe").isEqualTo(CONNECTIONS / 6);
        });
        assertThat(journal.failedBatches.sum()).isEqualTo(failedBefore);
    }

    @Test
    void isWritableOnlyOnceTheDatabaseAnsweredAndWhileItsQueueHasRoom() {
        ConnectionJournalWriter fresh = new ConnectionJournalWriter("journal-test-pod", new ObjectMapper());
        assertThat(fresh.writable()).as("before the database answered").isFalse();
        SafeContext.run(vertx, fresh::warmUp).await().atMost(Duration.ofSeconds(30));
        assertThat(fresh.writable()).as("after the start-up probe").isTrue();

        ClientSession session = session(Fixtures.uniqueUser("journal-full"), "journal-full");
        for (int i = 0; i < ConnectionJournalWriter.MAX_QUEUED; i++) {
            fresh.closed(session, 1000, null);
        }
        assertThat(fresh.writable()).as("queue at its bound").isFalse();
        fresh.closed(session, 1000, null);
        assertThat(fresh.droppedWrites.sum()).as("the record past the bound").isEqualTo(1);
    }

    private ClientSession session(String connectionId, String user) {
        Lane lane = new FakeLane();
        Outbox.Sink sink = new FakeConnectionSink();
        Outbox outbox = new Outbox(sink, lane, new Outbox.Limits(10, 1_000_000_000L), new GatewayStats(), System::nanoTime);
        return new ClientSession(connectionId, user, connectionId, lane, outbox, frames,
                new FrameGuard(new FrameGuard.Limits(10, 10, 10, 1_000_000_000L), 0),
                new EventBackfill(new FakeEventHistory(), 10, new GatewayStats()), 0);
    }

    private long count(String sql, String user) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

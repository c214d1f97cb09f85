package dev.marketstream.wsgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.SessionState;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.redis.RedisMarketSnapshots;
import dev.marketstream.wsgateway.redis.RedisSessionStore;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the connect path's batched store calls against the real PostgreSQL and Redis: stored-subscription lookups of
 * many users share queries yet each caller gets its own user's answer, session saves are pipelined with only the
 * newest state of a session written, and snapshot reads and symbol checks of many subscribes share round trips.
 */
@QuarkusTest
class ConnectPathBatchingTest extends GatewayTestBase {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    @Inject
    PersistentSubscriptionStore stored;

    @Inject
    RedisSessionStore sessions;

    @Inject
    RedisMarketSnapshots snapshots;

    @Test
    void answersEachUserOwnStoredSubscriptionsFromSharedQueries() throws Exception {
        Map<String, String> symbolByUser = usersWithAStoredSymbol("batch", 30);
        String nothingStored = Fixtures.uniqueUser("batch");
        long batchesBefore = stored.lookups().batches.sum();

        Map<String, CompletableFuture<SessionState>> answers = new LinkedHashMap<>();
        symbolByUser.keySet().forEach(user -> answers.put(user, stored.forUser(user).subscribeAsCompletionStage()));
        CompletableFuture<SessionState> none = stored.forUser(nothingStored).subscribeAsCompletionStage();

        for (Map.Entry<String, CompletableFuture<SessionState>> answer : answers.entrySet()) {
            SessionState state = answer.getValue().get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            assertThat(state.market()).extracting(SessionState.MarketStream::symbol).containsExactly(symbolByUser.get(answer.getKey()));
        }
        assertThat(none.get(AT_MOST.toSeconds(), TimeUnit.SECONDS).market()).isEmpty();
        assertThat(stored.lookups().batches.sum() - batchesBefore).as("queries for 31 users").isLessThan(31);
    }

    @Test
    void appliesStoredSubscriptionsOfManyUsersConnectingAtOnce() throws Exception {
        Map<String, String> symbolByUser = usersWithAStoredSymbol("storm", 12);
        ExecutorService pool = Executors.newFixedThreadPool(symbolByUser.size());
        try {
            List<Future<WsClient>> connecting = new ArrayList<>();
            symbolByUser.keySet().forEach(user -> connecting.add(pool.submit(() -> connect(LocalJwt.trader(user)))));
            List<String> users = List.copyOf(symbolByUser.keySet());
            for (int i = 0; i < users.size(); i++) {
                WsClient client = connecting.get(i).get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
                assertThat(client.awaitEvent("session").getJsonObject("data").getString("user_id")).isEqualTo(users.get(i));
                assertThat(client.awaitEvent("subscribed").getJsonObject("data").getBoolean("persistent")).isTrue();
                JsonObject snapshot = client.awaitEvent("market_data");
                assertThat(snapshot.getJsonObject("data").getString("symbol")).isEqualTo(symbolByUser.get(users.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writesOnlyTheNewestStateOfASessionSavedManyTimesAtOnce() {
        String user = Fixtures.uniqueUser("save");
        String session = "batch-" + user;
        List<String> others = new ArrayList<>();
        long batchesBefore = sessions.saves().batches.sum();
        List<Uni<Void>> saves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            saves.add(sessions.save(session, state(user, "S" + i), Duration.ofSeconds(60)));
        }
        for (int i = 0; i < 10; i++) {
            String other = session + "-" + i;
            others.add(other);
            saves.add(sessions.save(other, state(user, "O" + i), Duration.ofSeconds(60)));
        }
        Uni.join().all(saves).andFailFast().await().atMost(AT_MOST);

        assertThat(sessions.load(session).await().atMost(AT_MOST).market()).extracting(SessionState.MarketStream::symbol)
                .containsExactly("S19");
        for (int i = 0; i < others.size(); i++) {
            assertThat(sessions.load(others.get(i)).await().atMost(AT_MOST).market()).extracting(SessionState.MarketStream::symbol)
                    .containsExactly("O" + i);
        }
        assertThat(redis.key(String.class).ttl(RedisKeys.session(session))).isBetween(1L, 60L);
        assertThat(sessions.saves().batches.sum() - batchesBefore).as("pipelines for 30 saves of 11 sessions").isLessThan(11);
    }

    @Test
    void failsASaveRedisRefusesAndCountsItsBatch() {
        String user = Fixtures.uniqueUser("save");
        long failedBefore = sessions.saves().failedCalls.sum();
        // Redis refuses an expiry this far out ("invalid expire time"): the save must fail, not vanish.
        Uni<Void> refused = sessions.save("refused-" + user, state(user, "X"), Duration.ofSeconds(Long.MAX_VALUE / 1000));
        assertThatThrownBy(() -> refused.await().atMost(AT_MOST)).hasMessageContaining("expire");
        assertThat(sessions.saves().failedCalls.sum()).isGreaterThan(failedBefore);
    }

    @Test
    void answersEachSubscribeItsOwnSnapshotsAndUnknownSymbolsFromSharedReads() throws Exception {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String symbol = fixtures.knownSymbol();
            fixtures.snapshot(symbol, (10 + i) + ".00");
            symbols.add(symbol);
        }
        String unknown = "NOSUCH" + Fixtures.uniqueUser("x").replace("-", "");
        long readsBefore = snapshots.reads().batches.sum();
        List<CompletableFuture<List<MarketUpdate>>> latest = new ArrayList<>();
        List<CompletableFuture<Set<String>>> checks = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            // each "subscribe" asks for its own symbol and the next one, so most fields are wanted twice
            List<String> wanted = List.of(symbols.get(i), symbols.get((i + 1) % symbols.size()));
            latest.add(snapshots.latest(DataType.PRICE, wanted).subscribeAsCompletionStage());
            checks.add(snapshots.unknownSymbols(List.of(symbols.get(i), unknown)).subscribeAsCompletionStage());
        }
        for (int i = 0; i < symbols.size(); i++) {
            assertThat(latest.get(i).get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).extracting(update -> update.stream().symbol())
                    .containsExactly(symbols.get(i), symbols.get((i + 1) % symbols.size()));
            assertThat(checks.get(i).get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).containsExactly(unknown);
        }
        assertThat(snapshots.reads().batches.sum() - readsBefore).as("HMGETs for 20 subscribes").isLessThan(20);
    }

    private static SessionState state(String user, String symbol) {
        return new SessionState(user, List.of(new SessionState.MarketStream(symbol, "price", null)), Map.of(), Set.of(), false);
    }

    /** New users, each with a stored subscription to a symbol of its own that has a snapshot; symbol by user. */
    private Map<String, String> usersWithAStoredSymbol(String prefix, int count) {
        Map<String, String> symbolByUser = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String user = Fixtures.uniqueUser(prefix);
            String symbol = fixtures.knownSymbol();
            fixtures.snapshot(symbol, (50 + i) + ".00");
            store(user, symbol);
            symbolByUser.put(user, symbol);
        }
        return symbolByUser;
    }

    private static void store(String user, String symbol) {
        given().auth().oauth2(LocalJwt.trader(user)).contentType(ContentType.JSON)
                .body("{\"stream_type\":\"market_data\",\"parameters\":{\"symbols\":[\"" + symbol + "\"]}}")
                .post(StreamApiTest.SUBSCRIPTIONS).then().statusCode(201);
    }
}

package dev.marketstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.marketstream.testing.GatewayInputs;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.PackagedApp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client against two packaged gateway pods on the local stack: live prices, a refused token as a typed
 * exception, order-book gap repair, and a pod shut down under the client (1012) while 200 user events are published:
 * the client moves to the other pod, resumes, and hands each event to the application exactly once, in order.
 * Only the failover test uses pod A, which it stops.
 */
class MarketStreamClientIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static PackagedApp podA;
    static PackagedApp podB;
    static GatewayInputs inputs;
    static final List<MarketStreamClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPods() throws Exception {
        inputs = new GatewayInputs();
        CompletableFuture<PackagedApp> a = CompletableFuture.supplyAsync(() -> gateway("a"));
        CompletableFuture<PackagedApp> b = CompletableFuture.supplyAsync(() -> gateway("b"));
        podA = a.get(200, TimeUnit.SECONDS);
        podB = b.get(200, TimeUnit.SECONDS);
    }

    static PackagedApp gateway(String pod) {
        return PackagedApp.start("ws-gateway", Map.of(
                "gateway.pod-id", inputs.uniqueUser("java-client-" + pod),
                "gateway.outbound.lane-conflate-after", "60s",
                // the connect-path warm-up as deployed, shortened: it holds readiness back for its cycles
                "gateway.warm-up.connections", "200",
                "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()));
    }

    @AfterAll
    static void stopPods() {
        clients.forEach(MarketStreamClient::close);
        for (PackagedApp pod : new PackagedApp[] {podA, podB}) {
            if (pod != null) {
                pod.close();
            }
        }
        if (inputs != null) {
            inputs.close();
        }
    }

    static MarketStreamClient client(MarketStreamListener listener, String user, PackagedApp... pods) {
        MarketStreamClient client = MarketStreamClient.builder(java.util.Arrays.stream(pods).map(p -> p.ws("/ws")).toArray(java.net.URI[]::new))
                .token(() -> LocalJwt.trader(user)).reconnect(new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 10))
                .bookRepairTimeout(Duration.ofMillis(300)).listener(listener).build();
        clients.add(client);
        return client;
    }

    @Test
    void connectsWithAValidTokenAndReceivesLivePrices() {
        String symbol = inputs.knownSymbol();
        List<BigDecimal> prices = new CopyOnWriteArrayList<>();
        MarketStreamClient client = client(new MarketStreamListener() {
            @Override
            public void onMarket(ServerFrame frame) {
                prices.add(frame.data().get("price").decimalValue());
            }
        }, inputs.uniqueUser("java-connect"), podB);
        client.connect().join();
        assertThat(client.state()).isEqualTo(MarketStreamClient.State.CONNECTED);
        client.subscribeMarketData(List.of(symbol), List.of("price"), null).join();
        inputs.price(symbol, "42.50");
        await("live price").atMost(WAIT).until(() -> prices.stream().anyMatch(p -> p.compareTo(new BigDecimal("42.5")) == 0));
    }

    @Test
    void refusesAForgedTokenWithATypedAuthException() {
        MarketStreamClient client = MarketStreamClient.builder(podB.ws("/ws")).token(LocalJwt.forged("mallory")).build();
        clients.add(client);
        assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MarketStreamException.AuthException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(client.state()).isEqualTo(MarketStreamClient.State.FAILED);
    }

    @Test
    void repairsAnOrderBookAfterABookSeqGap() {
        String symbol = inputs.knownSymbol();
        List<MarketStreamClient.Gap> gaps = new CopyOnWriteArrayList<>();
        MarketStreamClient client = client(new MarketStreamListener() {
            @Override
            public void onGap(MarketStreamClient.Gap gap) {
                gaps.add(gap);
            }
        }, inputs.uniqueUser("java-books"), podB);
        client.connect().join();
        client.subscribeMarketData(List.of(symbol), List.of("orderbook"), null).join();
        inputs.book(symbol, 1, true, "B 10.00x5", "A 10.10x5");
        inputs.book(symbol, 2, false, "B 9.90x1");
        await("book at 2").atMost(WAIT).until(() -> client.book(symbol).map(OrderBook::bookSeq).orElse(-1L) == 2);
        inputs.book(symbol, 4, false, "B 9.80x1");
        await("gap seen").atMost(WAIT).until(() -> gaps.size() == 1);
        assertThat(gaps.get(0).kind()).isEqualTo("book");
        assertThat(client.book(symbol).orElseThrow().synced()).isFalse();
        inputs.book(symbol, 5, true, "B 9.70x2", "A 9.90x2");
        await("repaired").atMost(WAIT).until(() -> client.book(symbol).orElseThrow().synced());
        assertThat(client.book(symbol).orElseThrow().bids()).extracting(OrderBook.Level::price).containsExactly(new BigDecimal("9.7"));
    }

    @Test
    void movesToTheOtherPodOn1012AndResumesWithoutLosingUserEvents() throws Exception {
        String user = inputs.uniqueUser("java-failover");
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Long> seqs = new CopyOnWriteArrayList<>();
        List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        MarketStreamClient client = client(new MarketStreamListener() {
            @Override
            public void onUserEvent(ServerFrame frame) {
                seen.add(frame.data().get("event_id").asText());
                seqs.add(frame.seq());
            }

            @Override
            public void onState(MarketStreamClient.StateChange change) {
                if (change.state() == MarketStreamClient.State.RECONNECTING) {
                    closeCodes.add(change.closeCode());
                }
            }
        }, user, podA, podB);
        client.connect().join();
        client.subscribeAlerts().join();
        inputs.awaitListening(user, WAIT);

        CompletableFuture<List<String>> published = CompletableFuture.supplyAsync(() -> inputs.deliverAlerts(user, 1, 200, 8));
        await("the first 50 events").atMost(WAIT).until(() -> seen.size() >= 50);
        podA.terminate(); // SIGTERM: the pod closes its connections with 1012 and refuses new ones
        int seenAtShutdown = seen.size();
        List<String> ids = published.get(60, TimeUnit.SECONDS);
        await("all 200 events").atMost(WAIT).until(() -> seen.size() >= 200);
        await("no duplicate").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 200);

        assertThat(seenAtShutdown).isLessThan(200);
        assertThat(closeCodes).first().isEqualTo(1012);
        assertThat(client.resumes()).isEqualTo(1);
        assertThat(seen).containsExactlyElementsOf(ids);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            expected.add(i);
        }
        assertThat(seqs).containsExactlyElementsOf(expected);
    }

    @Test
    void refreshesItsTokenBeforeExpiryAndStaysOnTheSameConnection() {
        String user = inputs.uniqueUser("java-refresh");
        List<MarketStreamClient.StateChange> states = new CopyOnWriteArrayList<>();
        MarketStreamClient client = tokenClient(user, List.of(shortToken(user, 20)), states, new CopyOnWriteArrayList<>());
        client.connect().join();
        // exp + the gateway's clock skew; 20 s leave a loaded machine time to connect before the token runs out
        long refusedFrom = System.currentTimeMillis() + Duration.ofSeconds(20 + 5).toMillis();

        await().atMost(Duration.ofSeconds(60)).until(() -> System.currentTimeMillis() > refusedFrom + 2_000);
        assertThat(client.state()).isEqualTo(MarketStreamClient.State.CONNECTED);
        assertThat(states).as("state changes %s", states).extracting(MarketStreamClient.StateChange::state)
                .containsExactly(MarketStreamClient.State.CONNECTING,
                MarketStreamClient.State.CONNECTED);
    }

    @Test
    void reconnectsWithAFreshTokenAndResumesWhenTheGatewayClosesWith4003() {
        String user = inputs.uniqueUser("java-expired");
        List<MarketStreamClient.StateChange> states = new CopyOnWriteArrayList<>();
        List<MarketStreamException> errors = new CopyOnWriteArrayList<>();
        String expiring = shortToken(user, 8);
        // the connect and the refresh get the same short token (not renewed): the gateway closes with 4003
        MarketStreamClient client = tokenClient(user, List.of(expiring, expiring), states, errors);
        client.connect().join();

        await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == MarketStreamClient.State.CONNECTED && s.resumed()));
        assertThat(states).anyMatch(s -> s.state() == MarketStreamClient.State.RECONNECTING && s.closeCode() == 4003);
        assertThat(errors).extracting(MarketStreamException::code).contains("token_not_renewed");
        assertThat(client.state()).isEqualTo(MarketStreamClient.State.CONNECTED);
    }

    /** A client on pod B whose supplier hands out {@code first} tokens in order, then hour-long ones; records states and errors. */
    private static MarketStreamClient tokenClient(String user, List<String> first, List<MarketStreamClient.StateChange> states,
            List<MarketStreamException> errors) {
        List<String> tokens = new ArrayList<>(first);
        MarketStreamClient client = MarketStreamClient.builder(podB.ws("/ws"))
                .token(() -> tokens.isEmpty() ? LocalJwt.trader(user) : tokens.remove(0))
                .listener(new MarketStreamListener() {
                    @Override
                    public void onState(MarketStreamClient.StateChange change) {
                        states.add(change);
                    }

                    @Override
                    public void onError(MarketStreamException error) {
                        errors.add(error);
                    }
                }).build();
        clients.add(client);
        return client;
    }

    private static String shortToken(String user, long seconds) {
        return LocalJwt.sign(user, java.util.Set.of("trader"), LocalJwt.ISSUER, seconds, LocalJwt.localPrivateKey());
    }
}

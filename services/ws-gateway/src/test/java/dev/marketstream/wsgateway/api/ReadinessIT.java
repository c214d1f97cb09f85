package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.testing.BinaryMarket;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.PackagedApp;
import dev.marketstream.testing.RedisProbe;
import dev.marketstream.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Proves readiness means ready: a client that connects to a freshly started packaged gateway the moment it reports
 * ready, and subscribes, receives the very next tick produced to the market topic (the feed is already positioned);
 * and the connect-path warm-up has run by then, through the endpoint, without leaving records of its connections.
 */
class ReadinessIT {

    private static final String DATABASE = "jdbc:" + LocalStack.testDatabaseUrl();
    private static final int WARM_UP_CONNECTIONS = 300;

    @Test
    void clientConnectingRightAfterReadyGetsTheNextLiveTick() throws Exception {
        String symbol = "READY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        try (RedisProbe redis = new RedisProbe(); KafkaProducer<String, byte[]> producer = producer()) {
            redis.send(Command.SADD, RedisKeys.KNOWN_SYMBOLS, symbol);
            try (PackagedApp gateway = PackagedApp.start("ws-gateway", Map.of(
                    "gateway.pod-id", "readiness-it-" + System.nanoTime(),
                    "gateway.warm-up.connections", "100",
                    "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                    "quarkus.datasource.jdbc.url", DATABASE));
                    WsClient client = WsClient.connect(gateway.ws("/ws"), LocalJwt.trader("readiness-it-" + System.nanoTime()))) {
                client.send(new JsonObject().put("event", "subscribe_market_data").put("data", new JsonObject()
                        .put("symbols", new JsonArray().add(symbol)).put("data_types", new JsonArray().add("price"))));
                client.awaitEvent("subscribed");

                producer.send(new ProducerRecord<>(Topics.MARKET_PRICES, symbol, BinaryMarket.priceUpdate(symbol, "42.50"))).get();

                JsonObject tick = client.await(f -> "market_data".equals(f.getString("event")) && !f.getBoolean("snapshot", false),
                        Duration.ofSeconds(20));
                assertThat(tick.getString("stream")).isEqualTo(symbol + ":price");
                assertThat(new BigDecimal(tick.getJsonObject("data").getValue("price").toString())).isEqualByComparingTo("42.50");
            }
        }
    }

    @Test
    void warmUpRunsThroughTheEndpointBeforeReadyAndLeavesNoRecords() throws Exception {
        String pod = "warm-up-it-" + System.nanoTime();
        try (RedisProbe redis = new RedisProbe()) {
            String symbol = "WARMUP" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            redis.send(Command.SADD, RedisKeys.KNOWN_SYMBOLS, symbol); // at least one symbol for its subscribes
            try (PackagedApp gateway = PackagedApp.start("ws-gateway", Map.of(
                    "gateway.pod-id", pod,
                    "gateway.warm-up.connections", String.valueOf(WARM_UP_CONNECTIONS),
                    "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                    "quarkus.datasource.jdbc.url", DATABASE))) {
                JsonObject streams = readiness(gateway).getJsonArray("checks").stream().map(JsonObject.class::cast)
                        .filter(check -> "ws-gateway streams".equals(check.getString("name"))).findFirst().orElseThrow();
                assertThat(streams.getJsonObject("data").getString("warm-up"))
                        .as("ready only once every cycle went through").isEqualTo(WARM_UP_CONNECTIONS + " connect cycles");
                String metrics = get(gateway, "/q/metrics");
                assertThat(counter(metrics, "marketstream_gateway_connections_opened_total"))
                        .as("the cycles went through the endpoint").isGreaterThanOrEqualTo(WARM_UP_CONNECTIONS);
                assertThat(counter(metrics, "marketstream_gateway_connections_refused_total")).as("its token was taken").isZero();

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (connectionRecordsOf(pod) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(connectionRecordsOf(pod)).as("warm-up connection records deleted once written").isZero();
                assertThat(gateway.log()).contains("warm-up done: " + WARM_UP_CONNECTIONS + " of " + WARM_UP_CONNECTIONS
                        + " connect cycles completed, 0 failed");
            } finally {
                redis.send(Command.SREM, RedisKeys.KNOWN_SYMBOLS, symbol);
            }
        }
    }

    private static JsonObject readiness(PackagedApp gateway) throws Exception {
        return new JsonObject(get(gateway, "/q/health/ready"));
    }

    private static String get(PackagedApp gateway, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.http(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double counter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long connectionRecordsOf(String pod) throws Exception {
        try (Connection db = DriverManager.getConnection(DATABASE, "marketstream", "marketstream");
                PreparedStatement query = db.prepareStatement("select count(*) from websocket_connections where pod_id = ?")) {
            query.setString(1, pod);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}

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
 * ready, and subscribes, receives the very next tick produced to the market topic (the feed is already positioned).
 */
class ReadinessIT {

    @Test
    void clientConnectingRightAfterReadyGetsTheNextLiveTick() throws Exception {
        String symbol = "READY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        try (RedisProbe redis = new RedisProbe(); KafkaProducer<String, byte[]> producer = producer()) {
            redis.send(Command.SADD, RedisKeys.KNOWN_SYMBOLS, symbol);
            try (PackagedApp gateway = PackagedApp.start("ws-gateway", Map.of(
                    "gateway.pod-id", "readiness-it-" + System.nanoTime(),
                    "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                    "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()));
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

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
